import type { GrammarIssue, MessageArgs } from './grammarMessages.js';

/** A problem with one string value of a policy element. */
export interface ValueProblem {
  readonly issue: GrammarIssue;
  /** Lowercase, no final period, user input in backticks. */
  readonly detail: string;
  readonly args?: MessageArgs;
}

/**
 * Checks the `service:action` shape of one Action/NotAction entry.
 * AWS: IAM User Guide, "IAM JSON policy elements: Action"; the vendor may hold letters, digits,
 * `-` and `.` (or be `*`), the action part is free text, `*` alone matches everything.
 */
export function checkActionFormat(action: string): ValueProblem | undefined {
  if (action === '*') return undefined;
  const parts = action.split(':');
  if (parts.length === 1) {
    return { issue: 'ACTION_NO_VENDOR', detail: `action \`${action}\` has no \`service:\` prefix` };
  }
  if (parts.length > 2) return { issue: 'ACTION_COLONS', detail: `action \`${action}\` has more than one \`:\`` };
  const vendor = parts[0] ?? '';
  if (vendor !== '*' && /[^a-zA-Z0-9.-]/.test(vendor)) {
    return { issue: 'ACTION_VENDOR', detail: `service prefix \`${vendor}\` is not valid`, args: { value: vendor } };
  }
  return undefined;
}

/** The actions a role trust policy may grant. AWS: IAM User Guide, "Role trust policies". */
export const TRUST_POLICY_ACTIONS: readonly string[] = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'sts:SetContext',
];

/** Whether a (possibly wildcarded) action matches at least one action a trust policy may grant. */
export function isTrustPolicyAction(action: string): boolean {
  const pattern = action.toLowerCase();
  return TRUST_POLICY_ACTIONS.some((a) => globMatches(pattern, a.toLowerCase()));
}

/** `*`/`?` wildcard match in O(pattern × text) time, whatever the number of stars. */
function globMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    const c = pattern[p];
    if (c === '*') {
      star = p++;
      resume = t;
    } else if (c !== undefined && (c === '?' || c === text[t])) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** ARN partitions Gatehouse recognises (`*` included). */
const PARTITIONS: ReadonlySet<string> = new Set(['*', 'aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);

const IAM_RESOURCE_PREFIXES = [
  'user/',
  'federated-user/',
  'role/',
  'group/',
  'instance-profile/',
  'mfa/',
  'server-certificate/',
  'policy/',
  'sms-mfa/',
  'saml-provider/',
  'oidc-provider/',
  'report/',
  'access-report/',
];

/**
 * Checks the ARN shape of one Resource/NotResource entry the way IAM does: format errors
 * (`RESOURCE_*`, `IAM_RESOURCE_PATH`) first, then the legacy parser's rules (`RESOURCE_LEGACY`).
 * AWS: the cases follow IAM's answers recorded in moto's AWS-verified policy tests; the first ARN
 * segment is not checked to be `arn`.
 */
export function checkResourceFormat(resource: string): ValueProblem | undefined {
  if (resource === '*') return undefined;
  const first = resource.indexOf(':');
  if (first < 0) {
    return { issue: 'RESOURCE_NOT_ARN', detail: `resource \`${resource}\` is neither an ARN nor \`*\``, args: { value: resource } };
  }
  const rest = resource.slice(first + 1);
  const colon = rest.indexOf(':');
  const partition = colon < 0 ? rest : rest.slice(0, colon);
  if (!PARTITIONS.has(partition)) {
    const remaining = colon < 0 ? [''] : rest.slice(colon + 1).split(':');
    const seg = (i: number): string => remaining[i] ?? '*';
    const a1 = remaining[0] !== '' || remaining.length > 1 ? seg(0) : '*';
    const a4 = remaining.length > 3 ? remaining.slice(3).join(':') : '*';
    const shown = `arn:${partition}:${a1}:${seg(1)}:${seg(2)}:${a4}`;
    return {
      issue: 'RESOURCE_PARTITION',
      detail: `partition \`${partition}\` is not valid`,
      args: { element: partition, value: shown },
    };
  }
  if (colon < 0) return { issue: 'RESOURCE_VENDOR', detail: `resource \`${resource}\` has no service` };
  const segments = resource.split(':');
  const service = segments[2] ?? '';
  const region = segments[3] ?? '';
  const account = segments[4] ?? '';
  const rel = segments.length > 5 ? segments.slice(5).join(':') : '';
  // AWS: IAM and S3 bucket/object ARNs carry no Region; S3 ARNs with an account (access points,
  // jobs, Storage Lens) do.
  if ((service === 'iam' && region !== '') || (service === 's3' && region !== '' && account === '')) {
    return {
      issue: 'RESOURCE_REGION',
      detail: `\`${service}\` resource \`${resource}\` cannot name a region`,
      args: { value: resource, service },
    };
  }
  if (service === 'iam' && rel !== '*' && !rel.startsWith('root') && !IAM_RESOURCE_PREFIXES.some((p) => rel.startsWith(p))) {
    return { issue: 'IAM_RESOURCE_PATH', detail: `iam resource path \`${rel}\` is not a known iam resource type` };
  }
  const colons = segments.length - 1;
  if ((colons < 5 && resource.includes('::')) || service === '') {
    return { issue: 'RESOURCE_LEGACY', detail: `resource \`${resource}\` has too few ARN segments` };
  }
  return undefined;
}

/** A CloudFront origin access identity as an `AWS` principal. */
export const CLOUDFRONT_OAI = /^arn:aws:iam::cloudfront:user\/CloudFront Origin Access Identity [A-Z0-9]+$/;

/**
 * Checks one principal value under a principal kind.
 * AWS: IAM User Guide, "AWS JSON policy elements: Principal"; a wildcard is allowed only as the
 * whole value `*` (Access Analyzer check "Unsupported wildcard in principal").
 */
export function checkPrincipalValue(kind: string, value: string): ValueProblem | undefined {
  const bad = (why: string): ValueProblem => ({
    issue: 'INVALID_PRINCIPAL',
    detail: `\`${kind}\` principal \`${value}\` ${why}`,
    args: { principalKind: kind, value },
  });
  const wildcard = /[*?]/.test(value);
  switch (kind) {
    case 'AWS':
      if (value === '*' || /^\d{12}$/.test(value) || /^A(IDA|ROA)[A-Z0-9]{12,}$/.test(value)) return undefined;
      if (wildcard) return bad('has a wildcard');
      // AWS: IAM User Guide, "AWS JSON policy elements: Principal" — a CloudFront origin access
      // identity is `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity <ID>`.
      if (CLOUDFRONT_OAI.test(value)) return undefined;
      return /^arn:[a-z-]+:(iam|sts)::\d{12}:\S+$/.test(value) ? undefined : bad('is not an account ID or IAM/STS ARN');
    case 'Service':
      return /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(value) ? undefined : bad('is not a service principal name');
    case 'Federated':
      if (wildcard) return bad('has a wildcard');
      return /^\S+$/.test(value) ? undefined : bad('is not a provider ARN or domain');
    case 'CanonicalUser':
      return /^[0-9a-fA-F]{64}$/.test(value) ? undefined : bad('is not a canonical user ID');
    default:
      return bad('has an unknown principal type');
  }
}

/**
 * Checks that every `${…}` policy variable in a value is well formed: closed, non-empty, no white
 * space in its name, and any default value single-quoted (`${aws:username, 'none'}`).
 * AWS: IAM User Guide, "IAM policy elements: Variables and tags".
 */
export function checkVariables(value: string): ValueProblem | undefined {
  let from = 0;
  for (;;) {
    const open = value.indexOf('${', from);
    if (open < 0) return undefined;
    const close = value.indexOf('}', open + 2);
    if (close < 0) return { issue: 'VARIABLE', detail: `policy variable in \`${value}\` has no closing \`}\`` };
    const body = value.slice(open + 2, close);
    from = close + 1;
    if (body === '*' || body === '?' || body === '$') continue;
    const comma = body.indexOf(',');
    const name = comma < 0 ? body : body.slice(0, comma).trimEnd();
    if (name === '') return { issue: 'VARIABLE', detail: `policy variable in \`${value}\` is empty` };
    if (/\s/.test(name)) return { issue: 'VARIABLE', detail: `policy variable \`${name}\` contains white space` };
    if (comma >= 0 && !/^'[^']*'$/.test(body.slice(comma + 1).trim())) {
      return { issue: 'VARIABLE', detail: `default value of policy variable \`${name}\` is not single-quoted` };
    }
  }
}

const MAX_EPOCH = 9223372036854775807n;

/**
 * Whether a Date operator value passes IAM's legacy date parser: an epoch integer
 * (0 … 2^63−1) or an ISO 8601 date/time (year −292275054 … 292278993, fraction up to 9 digits).
 * AWS: IAM User Guide, "Date condition operators"; limits as IAM answered in moto's verified tests.
 */
export function isValidDateValue(raw: string): boolean {
  const lower = raw.toLowerCase();
  if (!lower.includes('t') && !raw.includes('-')) return /^[0-9]+$/.test(raw) && BigInt(raw) <= MAX_EPOCH;
  const t = lower.indexOf('t');
  const datePart = t < 0 ? lower : lower.slice(0, t);
  const date = /^(-?[0-9]+)(?:-([0-9]+))?(?:-([0-9]+))?$/.exec(datePart);
  if (date === null) return false;
  const year = Number(date[1]);
  if (year < -292275054 || year > 292278993) return false;
  if (date[2] !== undefined && !inRange(date[2], 1, 12)) return false;
  if (date[3] !== undefined && !inRange(date[3], 1, 31)) return false;
  if (t < 0) return true;
  const time = /^(?:([0-9]+)(?::([0-9]+)(?::([0-9]+)(?:\.([0-9]{1,9}))?)?)?)?(z|[+-][0-9]{2}(?::?[0-9]{2})?)?$/.exec(lower.slice(t + 1));
  if (time === null) return false;
  if (time[1] !== undefined && !inRange(time[1], 0, 23)) return false;
  if (time[2] !== undefined && !inRange(time[2], 0, 59)) return false;
  if (time[3] !== undefined && !inRange(time[3], 0, 59)) return false;
  const zone = time[5];
  if (zone !== undefined && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    if (!inRange(digits.slice(0, 2), 0, 23) || (digits.length > 2 && !inRange(digits.slice(2), 0, 59))) return false;
  }
  return true;
}

function inRange(digits: string, min: number, max: number): boolean {
  const n = Number(digits);
  return digits.length <= 10 && n >= min && n <= max;
}
