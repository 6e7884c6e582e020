import type { Store } from '../../../store/index.js';
import { readPasswordPolicy, type PasswordPolicy } from '../account/passwordRules.js';

/**
 * The facts a credential report is built from, read for a whole account at once: users, login
 * profiles, access keys (with their last use), MFA devices and signing certificates.
 */

/** One credential: its status and when it was created or last changed. */
export interface ReportCredential {
  readonly active: boolean;
  readonly rotatedAt: string;
  readonly lastUsedAt?: string | null;
  readonly lastUsedRegion?: string | null;
  readonly lastUsedService?: string | null;
}

/** The credentials of one user (or of the root user, whose `name` is null). */
export interface ReportSubject {
  readonly name: string | null;
  readonly arn: string;
  readonly createdAt: string;
  /** When the console password was last set; undefined when the user has none. */
  readonly passwordChangedAt?: string;
  readonly passwordLastUsed: string | null;
  readonly mfaActive: boolean;
  /** Oldest first: the report's `access_key_1` is the oldest key. */
  readonly accessKeys: readonly ReportCredential[];
  readonly certificates: readonly ReportCredential[];
}

/** Groups records by owner: the lowercased user name, or `''` for the root user (no user name). */
function byOwner<T extends { userName: string | null }>(records: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const record of records) {
    const owner = record.userName?.toLowerCase() ?? '';
    const list = out.get(owner);
    if (list === undefined) out.set(owner, [record]);
    else list.push(record);
  }
  return out;
}

/** Everything the report needs for one account: root first, then users by name. */
export async function gatherReportSubjects(
  store: Store,
  accountId: string,
  rootArn: string,
): Promise<{ subjects: ReportSubject[]; passwordPolicy: PasswordPolicy | undefined }> {
  const account = await store.accounts.get(accountId);
  const users = await store.users.listAll(accountId);
  const keys = byOwner(await store.accessKeys.listForAccount(accountId));
  const certs = byOwner(await store.signingCertificates.listForAccount(accountId));
  const profiles = byOwner(await store.loginProfiles.listForAccount(accountId));
  const mfa = await store.mfaDevices.listEnabled(accountId);

  const keyCredentials = (owner: string): ReportCredential[] =>
    (keys.get(owner) ?? []).map((k) => ({
      active: k.status === 'Active',
      rotatedAt: k.createdAt,
      lastUsedAt: k.lastUsedAt,
      lastUsedRegion: k.lastUsedRegion,
      lastUsedService: k.lastUsedService,
    }));
  const certCredentials = (owner: string): ReportCredential[] =>
    (certs.get(owner) ?? []).map((c) => ({ active: c.status === 'Active', rotatedAt: c.uploadedAt }));

  const subjects: ReportSubject[] = [
    {
      name: null,
      arn: rootArn,
      createdAt: account?.createdAt ?? new Date(0).toISOString(),
      passwordLastUsed: null,
      mfaActive: mfa.some((d) => d.assignedRoot),
      accessKeys: keyCredentials(''),
      certificates: certCredentials(''),
    },
  ];
  for (const user of users) {
    const owner = user.name.toLowerCase();
    const profile = profiles.get(owner)?.[0];
    subjects.push({
      name: user.name,
      arn: user.arn,
      createdAt: user.createdAt,
      ...(profile !== undefined ? { passwordChangedAt: profile.passwordChangedAt } : {}),
      passwordLastUsed: user.passwordLastUsed,
      mfaActive: mfa.some((d) => d.userName?.toLowerCase() === owner),
      accessKeys: keyCredentials(owner),
      certificates: certCredentials(owner),
    });
  }
  return { subjects, passwordPolicy: await readPasswordPolicy(store, accountId) };
}
