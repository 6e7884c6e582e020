import type { EscalationPath, Finding, PostureReport, Severity } from '../analysis/posture/index.js';
import { SEVERITIES } from '../analysis/posture/index.js';

/** `gatehouse analyze`'s terminal output: a summary table by severity, then each finding with its reason and first fix. */

const COLOUR: Readonly<Record<Severity, string>> = { critical: '\u001b[1;31m', high: '\u001b[31m', medium: '\u001b[33m', low: '\u001b[36m' };
const RESET = '\u001b[0m';
const DIM = '\u001b[2m';
const BOLD = '\u001b[1m';

/** A resource's short name: `user/dev`, `role/ops/deploy`, `root`, `policy/AdministratorAccess (AWS managed)`. */
export function shortResource(arn: string): string {
  if (/^arn:aws:iam::\d{12}:root$/.test(arn)) return 'root';
  const iam = /^arn:aws:iam::(\d{12}|aws):(.+)$/.exec(arn);
  if (iam !== null) return iam[1] === 'aws' ? `${iam[2]} (AWS managed)` : iam[2]!;
  const s3 = /^arn:aws:s3:::(.+)$/.exec(arn);
  if (s3 !== null) return `bucket/${s3[1]}`;
  return arn;
}

/** A path as one line: `user/dev ─[iam:CreatePolicyVersion]→ administrator`. */
export function pathLine(path: EscalationPath): string {
  let line = shortResource(path.source);
  for (const step of path.steps) {
    const calls = step.actions.map((a) => a.action).join(', ');
    const to = step.from === step.to ? 'itself, an administrator' : `${shortResource(step.to)}${step.makesAdministrator ? ', made an administrator' : ''}`;
    line += ` ─[${step.technique}: ${calls}]→ ${to}`;
  }
  return line;
}

export function renderText(report: PostureReport, colour: boolean): string {
  const c = (code: string, text: string) => (colour ? `${code}${text}${RESET}` : text);
  const lines: string[] = [];
  const files = report.files.length;
  lines.push(
    c(BOLD, `Account ${report.accountId}`) +
      ` — analysed ${report.analyzedAt.replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC')}${files > 0 ? ` from ${files} file${files === 1 ? '' : 's'}` : ''}`,
  );
  lines.push('');
  const width = Math.max(...SEVERITIES.map((s) => s.length));
  for (const severity of SEVERITIES) lines.push(`  ${c(COLOUR[severity], severity.padEnd(width))}  ${String(report.summary[severity]).padStart(4)}`);
  const passed = report.checks.filter((k) => k.status === 'pass').length;
  const notEvaluated = report.checks.filter((k) => k.status === 'not-evaluated');
  lines.push(`  ${'total'.padEnd(width)}  ${String(report.summary.total).padStart(4)} findings; ${passed} checks passed, ${notEvaluated.length} not evaluated`);
  lines.push(
    `  ${report.administrators.length} administrator${report.administrators.length === 1 ? '' : 's'}, ${report.findings.filter((f) => f.path !== undefined).length} escalation path${report.findings.filter((f) => f.path !== undefined).length === 1 ? '' : 's'}`,
  );
  if (report.findings.length > 0) lines.push('');
  const idWidth = Math.min(40, Math.max(...report.findings.map((f) => f.id.length)));
  for (const f of report.findings) lines.push(...findingLines(f, idWidth, c));
  if (notEvaluated.length > 0) {
    lines.push('');
    lines.push(c(DIM, 'Not evaluated (the export lacks what they read):'));
    const reasons = new Map<string, string[]>();
    for (const k of notEvaluated) reasons.set(k.reason ?? '', [...(reasons.get(k.reason ?? '') ?? []), k.id]);
    for (const [reason, ids] of reasons) lines.push(c(DIM, `  ${ids.join(', ')}: ${reason}`));
  }
  for (const warning of report.warnings) lines.push(c(DIM, `warning: ${warning}`));
  return `${lines.join('\n')}\n`;
}

function findingLines(f: Finding, idWidth: number, c: (code: string, text: string) => string): string[] {
  const indent = ' '.repeat(10);
  const out = [`${c(COLOUR[f.severity], f.severity.toUpperCase().padEnd(9))} ${f.id.padEnd(idWidth)}  ${shortResource(f.resourceArn)}`];
  out.push(`${indent}${f.reason}`);
  if (f.path !== undefined) out.push(`${indent}${c(DIM, 'path:')} ${pathLine(f.path)}`);
  const fix = f.remediation.find((r) => !r.startsWith('#')) ?? f.remediation[0];
  if (fix !== undefined) out.push(`${indent}${c(DIM, 'fix:')}  ${fix}${f.remediation.length > 1 ? c(DIM, ` (+${f.remediation.length - 1} more)`) : ''}`);
  return out;
}
