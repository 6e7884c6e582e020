import { CREDENTIAL_REPORT_COLUMNS, ROOT_ROW } from '../../model/index.js';
import { ExportError } from './exportError.js';

/**
 * IAM's credential report (`aws iam get-credential-report`), read into typed facts. AWS:
 * id_credentials_getting-report — one CSV row per user and one for the root user
 * (`<root_account>`); dates are ISO 8601; `N/A` where a credential does not exist or was never
 * used, `no_information` where IAM has no record (passwords last used before October 2014, or a
 * root password that was never used), `not_supported` in the root row's password columns.
 */

/** One access key of a report row. */
export interface AccessKeyFacts {
  /** The report's slot: 1 is the older key. */
  readonly slot: 1 | 2;
  readonly active: boolean;
  /** When the key was created or last rotated (ISO 8601). */
  readonly lastRotated: string;
  /** When it was last used (ISO 8601), or null when never. */
  readonly lastUsed: string | null;
  readonly lastUsedRegion: string | null;
  readonly lastUsedService: string | null;
}

/** One X.509 signing certificate of a report row. */
export interface CertificateFacts {
  readonly slot: 1 | 2;
  readonly active: boolean;
  readonly lastRotated: string;
}

/**
 * The credentials of one user, or of the root user: what a row of the credential report says, with
 * AWS's placeholders read into nulls. Both an imported report and a live account produce these.
 */
export interface CredentialFacts {
  /** The user's name; `<root_account>` for the root user. */
  readonly user: string;
  readonly arn: string;
  readonly isRoot: boolean;
  /** ISO 8601. */
  readonly createdAt: string;
  /** A console password exists (the root user's row says `not_supported`: false here). */
  readonly passwordEnabled: boolean;
  /** Last console sign-in (ISO 8601), or null when never or unknown. */
  readonly passwordLastUsed: string | null;
  /** When the password was last set (ISO 8601), or null. */
  readonly passwordLastChanged: string | null;
  readonly mfaActive: boolean;
  /** The keys that exist (a slot whose `last_rotated` is N/A holds none). */
  readonly accessKeys: readonly AccessKeyFacts[];
  readonly certificates: readonly CertificateFacts[];
}

/** Splits CSV text into rows of fields (RFC 4180 quoting). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** Whether `text` begins like a credential report (its header). */
export function looksLikeCredentialReport(text: string): boolean {
  return text.replace(/^\uFEFF/, '').startsWith('user,arn,user_creation_time,');
}

/**
 * Reads a credential report's CSV text. Throws {@link ExportError} naming the line and column of
 * the first value that is not what AWS writes there.
 */
export function parseCredentialReport(file: string, text: string): CredentialFacts[] {
  const rows = csvRows(text.replace(/^\uFEFF/, ''));
  const header = rows[0] ?? [];
  if (header.length !== CREDENTIAL_REPORT_COLUMNS.length || header.some((h, i) => h !== CREDENTIAL_REPORT_COLUMNS[i])) {
    throw new ExportError(file, 'line 1', `the credential report's header (${CREDENTIAL_REPORT_COLUMNS.join(',')})`);
  }
  const out: CredentialFacts[] = [];
  for (const [i, fields] of rows.slice(1).entries()) out.push(readRow(file, i + 2, mergeNameCommas(fields)));
  if (!out.some((r) => r.isRoot)) throw new ExportError(file, '', `a \`${ROOT_ROW}\` row (every credential report has one)`);
  return out;
}

/**
 * IAM user names may contain commas, which the report does not quote: the user column is every
 * field before the one that begins with `arn:`.
 */
function mergeNameCommas(fields: string[]): string[] {
  if (fields.length <= CREDENTIAL_REPORT_COLUMNS.length) return fields;
  const arnAt = fields.findIndex((f, i) => i > 0 && f.startsWith('arn:'));
  if (arnAt <= 1) return fields;
  return [fields.slice(0, arnAt).join(','), ...fields.slice(arnAt)];
}

function readRow(file: string, line: number, fields: readonly string[]): CredentialFacts {
  if (fields.length !== CREDENTIAL_REPORT_COLUMNS.length) {
    throw new ExportError(file, `line ${line}`, `${CREDENTIAL_REPORT_COLUMNS.length} comma-separated values, not ${fields.length}`);
  }
  const get = (column: (typeof CREDENTIAL_REPORT_COLUMNS)[number]) => fields[CREDENTIAL_REPORT_COLUMNS.indexOf(column)]!;
  const at = (column: (typeof CREDENTIAL_REPORT_COLUMNS)[number]) => `line ${line}, column ${column}`;
  const bool = (column: (typeof CREDENTIAL_REPORT_COLUMNS)[number], allowed: readonly string[] = []): boolean => {
    const v = get(column);
    if (v === 'true') return true;
    if (v === 'false' || allowed.includes(v)) return false;
    throw new ExportError(file, at(column), `true or false, not \`${v}\``);
  };
  const date = (column: (typeof CREDENTIAL_REPORT_COLUMNS)[number], allowed: readonly string[]): string | null => {
    const v = get(column);
    if (allowed.includes(v)) return null;
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) throw new ExportError(file, at(column), `a date or ${allowed.map((a) => `\`${a}\``).join(' or ')}, not \`${v}\``);
    return new Date(ms).toISOString();
  };
  const text = (column: (typeof CREDENTIAL_REPORT_COLUMNS)[number]): string | null => {
    const v = get(column);
    return v === 'N/A' || v === '' ? null : v;
  };
  const user = get('user');
  const arn = get('arn');
  if (user === '') throw new ExportError(file, at('user'), 'a user name');
  if (!arn.startsWith('arn:')) throw new ExportError(file, at('arn'), `an ARN, not \`${arn}\``);
  const isRoot = user === ROOT_ROW;
  const createdAt = date('user_creation_time', []);
  if (createdAt === null) throw new ExportError(file, at('user_creation_time'), 'a date');
  const keys: AccessKeyFacts[] = [];
  for (const slot of [1, 2] as const) {
    const rotated = date(`access_key_${slot}_last_rotated`, ['N/A']);
    const active = bool(`access_key_${slot}_active`);
    if (rotated === null) continue;
    keys.push({
      slot,
      active,
      lastRotated: rotated,
      lastUsed: date(`access_key_${slot}_last_used_date`, ['N/A']),
      lastUsedRegion: text(`access_key_${slot}_last_used_region`),
      lastUsedService: text(`access_key_${slot}_last_used_service`),
    });
  }
  const certificates: CertificateFacts[] = [];
  for (const slot of [1, 2] as const) {
    const rotated = date(`cert_${slot}_last_rotated`, ['N/A']);
    const active = bool(`cert_${slot}_active`);
    if (rotated !== null) certificates.push({ slot, active, lastRotated: rotated });
  }
  return {
    user,
    arn,
    isRoot,
    createdAt,
    passwordEnabled: bool('password_enabled', ['not_supported']),
    passwordLastUsed: date('password_last_used', ['N/A', 'no_information', 'not_supported']),
    passwordLastChanged: date('password_last_changed', ['N/A', 'not_supported']),
    mfaActive: bool('mfa_active'),
    accessKeys: keys,
    certificates,
  };
}
