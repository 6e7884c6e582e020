import type { FindingType, ValidationFinding } from '../analysis/validation/index.js';
import type { FileResult, PolicyResult } from './validateRun.js';

const LABEL: Readonly<Record<FindingType, string>> = {
  ERROR: 'error',
  SECURITY_WARNING: 'security warning',
  WARNING: 'warning',
  SUGGESTION: 'suggestion',
};
const COLOUR: Readonly<Record<FindingType, string>> = { ERROR: '31', SECURITY_WARNING: '35', WARNING: '33', SUGGESTION: '36' };

/** A line and column (both from 1) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Human output for one file: `file:line:column: type CODE: details`, where the policy sits in a
 * template, the source line with the finding's span underlined (`^~~~`), and the help link. ANSI
 * colour only when `colour` is set (a TTY without NO_COLOR).
 */
export function renderText(result: FileResult, colour: boolean): string {
  const paint = (code: string, s: string): string => (colour ? `\u001b[${code}m${s}\u001b[0m` : s);
  let out = '';
  if (result.note !== undefined) out += `${result.file}: ${paint('2', `skipped: ${result.note}`)}\n`;
  for (const policy of result.policies) for (const f of policy.findings) out += renderFinding(result, policy, f, paint);
  return out;
}

function renderFinding(result: FileResult, policy: PolicyResult, f: ValidationFinding, paint: (code: string, s: string) => string): string {
  const location = f.locations[0];
  const range = location === undefined ? { start: 0, end: 0 } : policy.source.locate(location);
  const { line, column } = lineColumn(result.text, range.start);
  const head = `${paint('1', `${result.file}:${line}:${column}`)}: ${paint(COLOUR[f.findingType], `${LABEL[f.findingType]} ${f.issueCode}`)}: ${f.findingDetails}`;
  const where = policy.source.label === undefined ? '' : `  in ${policy.source.label}\n`;
  return `${head}\n${where}${snippet(result.text, range, paint)}  ${paint('2', f.learnMoreLink)}\n`;
}

/** The source line of `range.start` with the span (up to the line's end) underlined. */
function snippet(text: string, range: { start: number; end: number }, paint: (code: string, s: string) => string): string {
  const lineStart = text.lastIndexOf('\n', range.start - 1) + 1;
  let lineEnd = text.indexOf('\n', range.start);
  if (lineEnd < 0) lineEnd = text.length;
  const raw = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const MAX = 160;
  const from = Math.max(0, Math.min(range.start - lineStart - 40, raw.length - MAX));
  const shown = raw.slice(from, from + MAX).replace(/\t/g, ' ');
  const caretStart = range.start - lineStart - from;
  const caretLength = Math.max(1, Math.min(range.end, lineEnd) - range.start);
  const marks = `^${'~'.repeat(Math.max(0, Math.min(caretLength, shown.length - caretStart) - 1))}`;
  return `    ${shown}\n    ${' '.repeat(Math.max(0, caretStart))}${paint('32', marks)}\n`;
}

/** The closing summary line. */
export function renderSummary(files: number, policies: number, counts: Readonly<Record<FindingType, number>>): string {
  const parts = (['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION'] as const).map((t) => `${counts[t]} ${LABEL[t]}${counts[t] === 1 ? '' : 's'}`);
  return `${files} file${files === 1 ? '' : 's'}, ${policies} polic${policies === 1 ? 'y' : 'ies'}: ${parts.join(', ')}\n`;
}
