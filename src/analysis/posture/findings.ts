import type { EscalationPath } from './escalation/paths.js';

/** Severities, most severe first (Prowler's and Security Hub's scale). */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Where a finding's concern lies, for grouping and filters. */
export type FindingCategory =
  | 'root'
  | 'password-policy'
  | 'credentials'
  | 'policies'
  | 'trust'
  | 'logging'
  | 'organization'
  | 'privilege-escalation'
  | 'resources';

/**
 * One thing wrong with an account. `id` is stable: the Prowler check id where Prowler has the
 * check, the pathfinding.cloud id for an escalation path, `gatehouse_…` otherwise; `id` with
 * `resourceArn` identifies a finding across runs.
 */
export interface Finding {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly category: FindingCategory;
  /** The resource at fault (the account's root ARN for account-wide findings). */
  readonly resourceArn: string;
  /** Its CloudFormation-style type, e.g. `AWS::IAM::User` (`AWS::::Account` for account-wide findings). */
  readonly resourceType: string;
  /** One sentence: why this is a finding. */
  readonly reason: string;
  /** The AWS CLI command(s) that fix it, in order; a placeholder in angle brackets is the reader's to fill. */
  readonly remediation: readonly string[];
  /** Where the check comes from: CIS AWS Foundations, AWS Security Hub, Prowler, pathfinding.cloud, IAM Access Analyzer. */
  readonly sources: readonly string[];
  /** A page that explains it. */
  readonly link?: string;
  /** For a privilege-escalation finding: the chain of principals and the calls that move along it. */
  readonly path?: EscalationPath;
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

/** Findings in their one stable order: most severe first, then by id, then by resource. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
      (a.resourceArn < b.resourceArn ? -1 : a.resourceArn > b.resourceArn ? 1 : 0) ||
      (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0),
  );
}

/** How many findings there are of each severity. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** Whether some finding is at or above `threshold`. */
export function failsAt(findings: readonly Finding[], threshold: Severity): boolean {
  return findings.some((f) => severityRank(f.severity) >= severityRank(threshold));
}
