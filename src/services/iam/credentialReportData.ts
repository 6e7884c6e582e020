import type { Store } from '../../store/index.js';
import { readPasswordPolicy, type PasswordPolicy } from './passwordRules.js';

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

/** Groups rows by owner: the lowercased user name, or `''` for the root user (no user name). */
function byOwner<T extends { user_name: string | null }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const owner = row.user_name?.toLowerCase() ?? '';
    const list = out.get(owner);
    if (list === undefined) out.set(owner, [row]);
    else list.push(row);
  }
  return out;
}

/** Everything the report needs for one account: root first, then users by name. */
export async function gatherReportSubjects(
  store: Store,
  accountId: string,
  rootArn: string,
): Promise<{ subjects: ReportSubject[]; passwordPolicy: PasswordPolicy | undefined }> {
  const db = store.db;
  const account = await store.accounts.get(accountId);
  const users = await db.selectFrom('users').selectAll().where('account_id', '=', accountId).orderBy('name_lower').execute();
  const keys = byOwner(await db.selectFrom('access_keys').selectAll().where('account_id', '=', accountId).orderBy('created_at').execute());
  const certs = byOwner(
    await db.selectFrom('signing_certificates').selectAll().where('account_id', '=', accountId).orderBy('uploaded_at').execute(),
  );
  const profiles = byOwner(await db.selectFrom('login_profiles').selectAll().where('account_id', '=', accountId).execute());
  const mfa = await db
    .selectFrom('mfa_devices')
    .select(['user_name', 'assigned_root'])
    .where('account_id', '=', accountId)
    .where('enable_date', 'is not', null)
    .execute();

  const keyCredentials = (owner: string): ReportCredential[] =>
    (keys.get(owner) ?? []).map((k) => ({
      active: k.status === 'Active',
      rotatedAt: k.created_at,
      lastUsedAt: k.last_used_at,
      lastUsedRegion: k.last_used_region,
      lastUsedService: k.last_used_service,
    }));
  const certCredentials = (owner: string): ReportCredential[] =>
    (certs.get(owner) ?? []).map((c) => ({ active: c.status === 'Active', rotatedAt: c.uploaded_at }));

  const subjects: ReportSubject[] = [
    {
      name: null,
      arn: rootArn,
      createdAt: account?.createdAt ?? new Date(0).toISOString(),
      passwordLastUsed: null,
      mfaActive: mfa.some((d) => d.assigned_root === 1),
      accessKeys: keyCredentials(''),
      certificates: certCredentials(''),
    },
  ];
  for (const user of users) {
    const profile = profiles.get(user.name_lower)?.[0];
    subjects.push({
      name: user.name,
      arn: user.arn,
      createdAt: user.created_at,
      ...(profile !== undefined ? { passwordChangedAt: profile.password_changed_at } : {}),
      passwordLastUsed: user.password_last_used,
      mfaActive: mfa.some((d) => d.user_name?.toLowerCase() === user.name_lower),
      accessKeys: keyCredentials(user.name_lower),
      certificates: certCredentials(user.name_lower),
    });
  }
  return { subjects, passwordPolicy: await readPasswordPolicy(store, accountId) };
}
