import { ServiceError } from '../../../errors.js';
import { CREDENTIAL_REPORT_COLUMNS, rootArn, ROOT_ROW } from '../../../model/index.js';
import type { Store } from '../../../store/index.js';
import { defineOperation, type Operation } from '../../operation.js';
import { gatherReportSubjects, type ReportCredential, type ReportSubject } from './credentialReportData.js';
import { iamNeed } from '../iamNeed.js';
import { passwordExpiry, type PasswordPolicy } from '../account/passwordRules.js';

/**
 * GenerateCredentialReport and GetCredentialReport.
 *
 * AWS: id_credentials_getting-report — "You can generate a credential report as often as once every
 * four hours. When you request a report, IAM first checks whether a report for the AWS account has
 * been generated within the past four hours. If so, the most recent report is downloaded." Gatehouse
 * builds the report within the Generate call, so a client polling Generate sees STARTED, then COMPLETE.
 */

/** How long a report is current: after this, Generate starts a new one and Get says ReportExpired. */
export const REPORT_LIFETIME_MS = 4 * 60 * 60 * 1000;

interface StoredReport {
  readonly generatedAt: string;
  readonly content: string;
}

const reportKey = (accountId: string): string => `iam:credential-report:${accountId}`;

async function loadReport(store: Store, accountId: string): Promise<StoredReport | undefined> {
  const raw = await store.kv.get(reportKey(accountId));
  return raw === undefined ? undefined : (JSON.parse(raw) as StoredReport);
}

/** AWS: the report's dates are ISO 8601 in whole seconds with a `+00:00` offset. */
function reportDate(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}+00:00`;
}

function credentialColumns(c: ReportCredential | undefined, withUse: boolean): string[] {
  const active = c?.active === true ? 'true' : 'false';
  const rotated = c === undefined ? 'N/A' : reportDate(c.rotatedAt);
  if (!withUse) return [active, rotated];
  // AWS: last_used_date/region/service are N/A when there is no key or it has never been used.
  const used = c?.lastUsedAt ?? null;
  return [
    active,
    rotated,
    used === null ? 'N/A' : reportDate(used),
    used === null || !c?.lastUsedRegion ? 'N/A' : c.lastUsedRegion,
    used === null || !c?.lastUsedService ? 'N/A' : c.lastUsedService,
  ];
}

function row(subject: ReportSubject, policy: PasswordPolicy | undefined): string[] {
  const root = subject.name === null;
  const hasPassword = subject.passwordChangedAt !== undefined;
  let passwordLastUsed: string;
  if (subject.passwordLastUsed !== null) passwordLastUsed = reportDate(subject.passwordLastUsed);
  else passwordLastUsed = root || hasPassword ? 'no_information' : 'N/A';
  let nextRotation = 'N/A';
  if (root) nextRotation = 'not_supported';
  else if (hasPassword) {
    const expiry = passwordExpiry(policy, subject.passwordChangedAt!);
    if (expiry !== undefined) nextRotation = reportDate(expiry.toISOString());
  }
  return [
    root ? ROOT_ROW : subject.name!,
    subject.arn,
    reportDate(subject.createdAt),
    root ? 'not_supported' : hasPassword ? 'true' : 'false',
    passwordLastUsed,
    root ? 'not_supported' : hasPassword ? reportDate(subject.passwordChangedAt!) : 'N/A',
    nextRotation,
    subject.mfaActive ? 'true' : 'false',
    ...credentialColumns(subject.accessKeys[0], true),
    ...credentialColumns(subject.accessKeys[1], true),
    ...credentialColumns(subject.certificates[0], false),
    ...credentialColumns(subject.certificates[1], false),
  ];
}

/** The report's CSV text for an account: the header, the `<root_account>` row, then one row per user. */
export async function buildCredentialReport(store: Store, accountId: string): Promise<string> {
  const { subjects, passwordPolicy } = await gatherReportSubjects(store, accountId, rootArn(accountId));
  const lines = [CREDENTIAL_REPORT_COLUMNS.join(','), ...subjects.map((s) => row(s, passwordPolicy).join(','))];
  return lines.join('\n');
}

export const GenerateCredentialReport = defineOperation<Record<string, never>, { State: string; Description?: string }>({
  service: 'iam',
  name: 'GenerateCredentialReport',
  readOnly: false,
  authorize: () => iamNeed('GenerateCredentialReport', '*'),
  handle: async (_input, ctx) => {
    const accountId = ctx.principal.accountId;
    const current = await loadReport(ctx.store, accountId);
    if (current !== undefined && ctx.now.getTime() - Date.parse(current.generatedAt) < REPORT_LIFETIME_MS) {
      return { State: 'COMPLETE' };
    }
    const content = await buildCredentialReport(ctx.store, accountId);
    const report: StoredReport = { generatedAt: ctx.now.toISOString(), content };
    await ctx.store.kv.set(reportKey(accountId), JSON.stringify(report));
    // AWS: the first call answers STARTED with this description (observed CLI output).
    return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
  },
});

export const GetCredentialReport = defineOperation<Record<string, never>, { Content: Buffer; ReportFormat: string; GeneratedTime: Date }>({
  service: 'iam',
  name: 'GetCredentialReport',
  readOnly: true,
  authorize: () => iamNeed('GetCredentialReport', '*'),
  handle: async (_input, ctx) => {
    const report = await loadReport(ctx.store, ctx.principal.accountId);
    if (report === undefined) {
      throw new ServiceError(
        'ReportNotPresent',
        'The request was rejected because the credential report does not exist. To generate a credential report, use GenerateCredentialReport.',
      );
    }
    if (ctx.now.getTime() - Date.parse(report.generatedAt) >= REPORT_LIFETIME_MS) {
      throw new ServiceError(
        'ReportExpired',
        'The request was rejected because the most recent credential report has expired. To generate a new credential report, use GenerateCredentialReport.',
      );
    }
    return { Content: Buffer.from(report.content, 'utf8'), ReportFormat: 'text/csv', GeneratedTime: new Date(report.generatedAt) };
  },
});

/** The credential report operations. */
export const credentialReportOperations: Operation[] = [GenerateCredentialReport, GetCredentialReport];
