import { PolicyGatherer } from '../../auth/policies/index.js';
import type { ManagedPolicyFacts } from '../../auth/policies/index.js';
import type { AccountExport } from '../exports/index.js';
import { AccountSnapshot } from '../snapshot/index.js';
import type { AuthorizationDetails } from '../snapshot/index.js';
import { accountModelOf } from './accountModel.js';
import { CHECKS } from './checks/catalog.js';
import { findingsOf, type CheckContext, type CheckOutcome } from './checks/check.js';
import { escalationFindings } from './escalation/findings.js';
import { analyzeEscalation, type ProgressListener } from './escalation/graph.js';
import { IAM_TECHNIQUES, PASSROLE_TECHNIQUES } from './escalation/techniques.js';
import { countBySeverity, sortFindings, type Finding } from './findings.js';
import type { PostureReport } from './report.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from './thresholds.js';

export interface AnalyzeOptions {
  /** The checks' clock (tests freeze it). */
  readonly now?: Date;
  readonly thresholds?: Thresholds;
  /** AWS managed policies the export does not list, by ARN (Gatehouse's copy of them). */
  readonly awsManagedPolicy?: (arn: string) => ManagedPolicyFacts | undefined;
  /** Told how far the escalation graph has got (for a progress bar). */
  readonly progress?: ProgressListener;
}

/**
 * One analysis of one account, live or exported: the best-practice checks and the
 * privilege-escalation graph over the account's export, every policy question answered by the
 * engine through the one policy gatherer over an in-memory snapshot. Runs offline.
 */
export async function analyzeAccount(account: AccountExport, options: AnalyzeOptions = {}): Promise<PostureReport> {
  const now = options.now ?? new Date();
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const organization = account.organization;
  const snapshot = AccountSnapshot.fromAuthorizationDetails(account.details as AuthorizationDetails, {
    ...(options.awsManagedPolicy !== undefined ? { awsManagedPolicy: options.awsManagedPolicy } : {}),
    ...(organization ? { organizationPaths: new Map([[account.accountId, organization.pathFacts]]) } : {}),
  });
  const gatherer = new PolicyGatherer(snapshot, { maxCompiled: 100_000 });
  const model = accountModelOf(account);
  const escalation = await analyzeEscalation(model, gatherer, now, options.progress);
  const ctx: CheckContext = { account, model, gatherer, now, thresholds, escalation, rootArn: `arn:aws:iam::${account.accountId}:root` };

  const findings: Finding[] = [];
  const checks: CheckOutcome[] = [];
  for (const check of CHECKS) {
    const unavailable = check.unavailable(ctx);
    if (unavailable !== undefined) {
      checks.push({ id: check.id, title: check.title, severity: check.severity, status: 'not-evaluated', reason: unavailable, findings: 0 });
      continue;
    }
    const found = findingsOf(check, await check.run(ctx));
    findings.push(...found);
    checks.push({ id: check.id, title: check.title, severity: check.severity, status: found.length > 0 ? 'fail' : 'pass', findings: found.length });
  }
  const escalated = escalationFindings(escalation, model);
  findings.push(...escalated);
  for (const technique of [...Object.values(IAM_TECHNIQUES), ...PASSROLE_TECHNIQUES]) {
    const count = escalated.filter((f) => f.id === technique.id).length;
    checks.push({
      id: technique.id,
      title: `Privilege escalation: ${technique.name}`,
      severity: technique.category === 'new-passrole' ? 'medium' : 'high',
      status: count > 0 ? 'fail' : 'pass',
      findings: count,
    });
  }
  const sorted = sortFindings(findings);
  const counts = countBySeverity(sorted);
  return {
    version: 1,
    accountId: account.accountId,
    analyzedAt: now.toISOString(),
    thresholds,
    summary: { ...counts, total: sorted.length },
    findings: sorted,
    checks,
    administrators: escalation.administrators,
    escalation: escalation.stats,
    files: account.files,
    warnings: account.warnings,
  };
}
