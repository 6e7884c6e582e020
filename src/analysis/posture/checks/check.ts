import type { PolicyGatherer } from '../../../auth/policies/index.js';
import type { AccountExport } from '../../exports/index.js';
import type { AccountModel } from '../accountModel.js';
import type { EscalationAnalysis } from '../escalation/paths.js';
import type { Finding, FindingCategory, Severity } from '../findings.js';
import type { Thresholds } from '../thresholds.js';

/** What every check reads. */
export interface CheckContext {
  readonly account: AccountExport;
  readonly model: AccountModel;
  readonly gatherer: PolicyGatherer;
  readonly now: Date;
  readonly thresholds: Thresholds;
  readonly escalation: EscalationAnalysis;
  /** The account's root user ARN. */
  readonly rootArn: string;
}

/** A finding as a check makes it; the check adds its id, title, severity, category and sources. */
export interface FindingDraft {
  readonly resourceArn: string;
  readonly resourceType: string;
  readonly reason: string;
  readonly remediation: readonly string[];
  /** A different severity for this finding than the check's own (rare: a finding that is worse than usual). */
  readonly severity?: Severity;
}

/** One best-practice check. */
export interface Check {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly category: FindingCategory;
  /** CIS AWS Foundations (v5.0 numbering), Security Hub control, Prowler, … */
  readonly sources: readonly string[];
  readonly link?: string;
  /**
   * Why the check cannot be evaluated on this account (the export lacks what it reads), or
   * undefined when it can.
   */
  unavailable(ctx: CheckContext): string | undefined;
  run(ctx: CheckContext): FindingDraft[] | Promise<FindingDraft[]>;
}

/** How one check went. */
export interface CheckOutcome {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: 'pass' | 'fail' | 'not-evaluated';
  /** For `not-evaluated`: what the export lacks. */
  readonly reason?: string;
  readonly findings: number;
}

/** The findings of a check, completed with its own fields. */
export function findingsOf(check: Check, drafts: readonly FindingDraft[]): Finding[] {
  return drafts.map((d) => ({
    id: check.id,
    title: check.title,
    severity: d.severity ?? check.severity,
    category: check.category,
    resourceArn: d.resourceArn,
    resourceType: d.resourceType,
    reason: d.reason,
    remediation: d.remediation,
    sources: check.sources,
    ...(check.link !== undefined ? { link: check.link } : {}),
  }));
}

/** Days between two ISO times, rounded down (as Prowler and the CIS audit steps count). */
export function daysBetween(from: string, to: Date): number {
  return Math.floor((to.getTime() - Date.parse(from)) / 86_400_000);
}

/** The reason a credential-report check cannot run. */
export const NEEDS_CREDENTIAL_REPORT = 'needs the credential report (aws iam get-credential-report)';

export function needsCredentialReport(ctx: CheckContext): string | undefined {
  return ctx.account.credentials === undefined ? NEEDS_CREDENTIAL_REPORT : undefined;
}

export const always = (): undefined => undefined;
