import { LineIndex, parseJson, type JsonNode } from '../policy/index.js';
import type { CheckResult } from '../analysis/customChecks/index.js';

/** A checked document and where it came from, for placing reasons in it. */
export interface CheckedFile {
  readonly name: string;
  readonly text: string;
}

/**
 * Human output of a check: `PASS` or `FAIL` with AWS's message, then each reason at the place of
 * its statement (`file:line:column`). ANSI colour only when `colour` is set.
 */
export function renderCheck(result: CheckResult, file: CheckedFile, colour: boolean): string {
  const paint = (code: string, s: string): string => (colour ? `\u001b[${code}m${s}\u001b[0m` : s);
  let out = `${result.result === 'PASS' ? paint('32', 'PASS') : paint('31', 'FAIL')}: ${result.message}\n`;
  if (result.reasons === undefined || result.reasons.length === 0) return out;
  const starts = statementStarts(file.text);
  const lines = new LineIndex(file.text);
  for (const reason of result.reasons) {
    const offset = starts[reason.statementIndex];
    const at = offset === undefined ? file.name : `${file.name}:${position(lines, offset)}`;
    out += `  ${paint('1', at)}: ${reason.description}\n`;
  }
  return out;
}

function position(lines: LineIndex, offset: number): string {
  const { line, column } = lines.position(offset);
  return `${line}:${column}`;
}

/** The offset where each statement of a policy document starts (an object Statement is statement 0). */
function statementStarts(text: string): number[] {
  const parsed = parseJson(text);
  if (!parsed.ok || parsed.node.kind !== 'object') return [];
  const statement: JsonNode | undefined = parsed.node.members.find((m) => m.key === 'Statement')?.value;
  if (statement === undefined) return [];
  return statement.kind === 'array' ? statement.items.map((s) => s.start) : [statement.start];
}
