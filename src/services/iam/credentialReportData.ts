import { sql, type Kysely } from 'kysely';
import type { Store } from '../../store/index.js';

/**
 * The facts a credential report is built from, read from the store with plain queries. Tables that
 * other topics own (login profiles, MFA devices, signing certificates, the password policy) are read
 * only when they exist and with the columns they have, so a report works at every stage of the schema.
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
  readonly accessKeys: readonly ReportCredential[];
  readonly certificates: readonly ReportCredential[];
}

type Row = Record<string, unknown>;

/** Everything the report needs for one account, root first, then users by name. */
export async function gatherReportSubjects(store: Store, accountId: string, rootArn: string): Promise<{
  subjects: ReportSubject[];
  maxPasswordAgeDays: number | undefined;
}> {
  const db = store.db as unknown as Kysely<Record<string, Row>>;
  const tables = new Map((await store.db.introspection.getTables()).map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
  const read = async (table: string): Promise<Row[]> => {
    const columns = tables.get(table);
    if (columns === undefined || !columns.has('account_id')) return [];
    const result = await sql<Row>`select * from ${sql.table(table)} where account_id = ${accountId}`.execute(db);
    return result.rows;
  };

  const account = await store.accounts.get(accountId);
  const users = (await read('users')).sort((a, b) => text(a['name_lower']).localeCompare(text(b['name_lower'])));
  const keys = await read('access_keys');
  const mfa = await read('mfa_devices');
  const certs = await read('signing_certificates');
  const profiles = await read('login_profiles');
  const policy = (await read('password_policies'))[0] ?? (await read('account_password_policies'))[0];

  const ownedBy = (rows: Row[], name: string | null): Row[] =>
    rows.filter((r) => (name === null ? r['user_name'] === null || r['user_name'] === undefined : lower(r['user_name']) === name.toLowerCase()));
  const byCreation = (rows: Row[], column: string): Row[] => [...rows].sort((a, b) => text(a[column]).localeCompare(text(b[column])));
  const keyCredentials = (name: string | null): ReportCredential[] =>
    byCreation(ownedBy(keys, name), 'created_at').map((k) => ({
      active: k['status'] === 'Active',
      rotatedAt: text(k['created_at']),
      lastUsedAt: nullable(k['last_used_at']),
      lastUsedRegion: nullable(k['last_used_region']),
      lastUsedService: nullable(k['last_used_service']),
    }));
  const certCredentials = (name: string | null): ReportCredential[] =>
    byCreation(ownedBy(certs, name), 'uploaded_at').map((c) => ({ active: c['status'] === 'Active', rotatedAt: text(c['uploaded_at']) }));
  const mfaActive = (name: string | null): boolean =>
    mfa.some((d) => d['enable_date'] !== null && d['enable_date'] !== undefined && (name === null ? Number(d['assigned_root']) === 1 : lower(d['user_name']) === name.toLowerCase()));

  const subjects: ReportSubject[] = [
    {
      name: null,
      arn: rootArn,
      createdAt: account?.createdAt ?? new Date(0).toISOString(),
      passwordLastUsed: null,
      mfaActive: mfaActive(null),
      accessKeys: keyCredentials(null),
      certificates: certCredentials(null),
    },
  ];
  for (const user of users) {
    const name = text(user['name']);
    const profile = profiles.find((p) => lower(p['user_name'] ?? p['name']) === name.toLowerCase());
    const changed = profile === undefined ? undefined : firstText(profile, ['password_last_changed', 'password_changed_at', 'changed_at', 'updated_at', 'created_at']);
    subjects.push({
      name,
      arn: text(user['arn']),
      createdAt: text(user['created_at']),
      ...(changed !== undefined ? { passwordChangedAt: changed } : profile !== undefined ? { passwordChangedAt: text(user['created_at']) } : {}),
      passwordLastUsed: nullable(user['password_last_used']),
      mfaActive: mfaActive(name),
      accessKeys: keyCredentials(name),
      certificates: certCredentials(name),
    });
  }
  const maxAge = policy === undefined ? undefined : Number(policy['max_password_age'] ?? NaN);
  return { subjects, maxPasswordAgeDays: maxAge !== undefined && Number.isFinite(maxAge) && maxAge > 0 ? maxAge : undefined };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

function lower(value: unknown): string {
  return text(value).toLowerCase();
}

function nullable(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function firstText(row: Row, columns: readonly string[]): string | undefined {
  for (const column of columns) {
    const value = nullable(row[column]);
    if (value !== null) return value;
  }
  return undefined;
}
