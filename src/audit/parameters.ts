/**
 * `requestParameters` and `responseElements` of CloudTrail records, from an operation's input
 * and output: member names in lower camel case, dates in CloudTrail's IAM rendering, secrets
 * replaced.
 *
 * AWS: CloudTrail never records secrets: CreateAccessKey's responseElements carry the key ID
 * and status but not the secret; passwords and MFA codes are "HIDDEN_DUE_TO_SECURITY_REASONS"
 * (cloudtrail-event-reference-record-contents, and the IAM/STS CloudTrail integration pages).
 * Read-only calls record no responseElements, but for STS's credential-issuing calls, whose
 * records carry the credentials' key ID and expiration and the assumed-role user (IAM User Guide,
 * "Example AWS STS API events in CloudTrail log").
 *
 * Gatehouse records no `sessionToken` in those: AWS's records include it, but a session token is
 * half of a credential, and no credential enters Gatehouse's audit trail.
 */

/** The value CloudTrail puts where a secret was. */
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** Members whose values never enter a record (model member names). */
const SECRET_MEMBERS = new Set([
  'Password',
  'OldPassword',
  'NewPassword',
  'ServicePassword',
  'AuthenticationCode1',
  'AuthenticationCode2',
  'TokenCode',
  'SAMLAssertion',
  'WebIdentityToken',
  'EncodedMessage',
  'DecodedMessage',
  // SSO OIDC and the SSO portal (lower camel case members): client secrets, tokens, codes.
  'clientSecret',
  'accessToken',
  'refreshToken',
  'idToken',
  'code',
  'codeVerifier',
  'deviceCode',
  'userCode',
  'OneTimePassword',
]);

/** Members left out of records entirely: credentials (as CloudTrail omits the secret access key) and bulk data. */
const OMITTED_MEMBERS = new Set([
  'SecretAccessKey',
  'SessionToken',
  // The credentials of Roles Anywhere's CreateSession, the IoT credentials provider and the
  // container credentials endpoint (their models' member names).
  'secretAccessKey',
  'sessionToken',
  'Token',
  'PrivateKey',
  'Base32StringSeed',
  'QRCodePNG',
  'Content',
  'Body',
]);

/** Largest string kept whole (longer ones, such as documents, are truncated as CloudTrail does). */
const MAX_STRING = 4096;

/** Converts one input or output value into its CloudTrail form. */
export function toRecordValue(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return undefined;
  if (depth > 12) return '…';
  if (value instanceof Date) return cloudTrailDate(value);
  if (Buffer.isBuffer(value)) return undefined;
  if (typeof value === 'string') return value.length > MAX_STRING ? value.slice(0, MAX_STRING) : value;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => toRecordValue(v, depth + 1)).filter((v) => v !== undefined);
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    if (OMITTED_MEMBERS.has(key)) continue;
    const name = lowerCamel(key);
    if (SECRET_MEMBERS.has(key)) {
      if (member !== undefined && member !== null) out[name] = HIDDEN;
      continue;
    }
    const converted = toRecordValue(member, depth + 1);
    if (converted !== undefined) out[name] = converted;
  }
  return out;
}

/** `requestParameters`: null when the call had no input members. */
export function requestParameters(input: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (input === undefined) return null;
  const converted = toRecordValue(input) as Record<string, unknown>;
  return Object.keys(converted).length === 0 ? null : converted;
}

/** Read-only calls whose response CloudTrail records all the same: the ones that issue credentials. */
const RESPONSE_RECORDED = new Set([
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:AssumeRoot',
  'sts:GetFederationToken',
  'sts:GetSessionToken',
  'rolesanywhere:CreateSession',
  'iot:AssumeRoleWithCertificate',
  'gatehouse:GetWorkloadCredentials',
]);

/** Whether a call's record carries `responseElements`: a call that changes something, or one that issues credentials. */
export function recordsResponse(service: string | null, operation: string | undefined, readOnly: boolean): boolean {
  return !readOnly || (service !== null && operation !== undefined && RESPONSE_RECORDED.has(`${service}:${operation}`));
}

/** `responseElements`, for a call that `recordsResponse` (null otherwise, or when the response is empty). */
export function responseElements(output: Record<string, unknown> | undefined, recorded: boolean): Record<string, unknown> | null {
  if (!recorded || output === undefined) return null;
  const converted = toRecordValue(output) as Record<string, unknown>;
  return Object.keys(converted).length === 0 ? null : converted;
}

function lowerCamel(name: string): string {
  if (/^[A-Z0-9]+$/.test(name)) return name.toLowerCase();
  const m = /^([A-Z]+)([A-Z][a-z].*)$/.exec(name);
  if (m) return m[1]!.toLowerCase() + m[2];
  return name.charAt(0).toLowerCase() + name.slice(1);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** AWS: IAM's CloudTrail records render dates as `Oct 18, 2022, 10:08:07 PM` (UTC). */
export function cloudTrailDate(date: Date): string {
  const hours = date.getUTCHours();
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}, ${h12}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`;
}
