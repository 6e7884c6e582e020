import { ServiceError } from '../../errors.js';
import { actionsOf, findAction, findConditionKey } from '../../catalog/index.js';
import { compileWildcard, parseConditionOperator, parsePolicy } from '../../policy/index.js';
import type { Policy } from '../../policy/index.js';
import { parseArn } from '../../model/index.js';
import type { Store } from '../../store/index.js';

/** AWS: "Bucket policies are limited to 20 KB in size" (S3 User Guide, "Bucket policies"). */
export const MAX_BUCKET_POLICY_BYTES = 20 * 1024;

const malformed = (message: string): ServiceError => new ServiceError('MalformedPolicy', message);

/** AWS's MalformedPolicy messages (as S3 answers PutBucketPolicy). */
const M = {
  json: "Policies must be valid JSON and the first byte must be '{'",
  size: 'Policy exceeds the maximum allowed document size.',
  syntax: 'Invalid policy syntax.',
  version: 'The policy must contain a valid version string',
  missingStatement: 'Missing required field Statement',
  emptyStatement: 'Could not parse the policy: Statement is empty!',
  missingEffect: 'Missing required field Effect',
  missingPrincipal: 'Missing required field Principal',
  principal: 'Invalid principal in policy',
  missingAction: 'Missing required field Action',
  action: 'Policy has invalid action',
  missingResource: 'Missing required field Resource',
  resource: 'Policy has invalid resource',
  notApplicable: 'Action does not apply to any resource(s) in statement',
  conditionKey: 'Policy has an invalid condition key',
  conditionNotApplicable: 'Conditions do not apply to combination of actions and resources in statement',
  ipAddress: 'Invalid IP address in Conditions',
} as const;

const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const POLICY_FIELDS = new Set(['Version', 'Id', 'Statement']);

type Json = Record<string, unknown>;

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/**
 * Checks a bucket policy as S3's PutBucketPolicy does, and answers the first fault with S3's
 * MalformedPolicy message: the text (JSON whose first byte is `{`, at most 20 KB without
 * whitespace), the statements' elements, principals that exist (a user or role of an account of
 * this deployment must exist; `NotPrincipal` only with Deny), actions that are S3's, resources in
 * this bucket, each action applying to one of the statement's resources, and condition keys that
 * exist and apply to the statement's actions. Returns the parsed policy.
 * AWS: S3 API Reference, PutBucketPolicy and "Error responses" (MalformedPolicy); S3 User Guide,
 * "Bucket policy examples". The messages are those S3 answers.
 */
export async function checkBucketPolicy(text: string, bucket: string, store: Store): Promise<Policy> {
  if (!text.trimStart().startsWith('{')) throw malformed(M.json);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw malformed(M.json);
  }
  if (Buffer.byteLength(JSON.stringify(document)) > MAX_BUCKET_POLICY_BYTES) throw malformed(M.size);
  const policy = document as Json;
  for (const field of Object.keys(policy)) if (!POLICY_FIELDS.has(field)) throw malformed(M.syntax);
  if (policy.Version !== undefined && policy.Version !== '2012-10-17' && policy.Version !== '2008-10-17') throw malformed(M.version);
  if (policy.Statement === undefined) throw malformed(M.missingStatement);
  const statements = list(policy.Statement);
  if (statements.length === 0) throw malformed(M.emptyStatement);
  for (const statement of statements) {
    if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) throw malformed(M.syntax);
    await checkStatement(statement as Json, bucket, store);
  }
  // As JSON reads it (a key given twice: the last stands), as S3 keeps and applies it.
  const parsed = parsePolicy(JSON.stringify(document), 'resource', { maxLength: Number.MAX_SAFE_INTEGER });
  if (!parsed.ok) throw malformed(M.syntax);
  return parsed.policy;
}

async function checkStatement(statement: Json, bucket: string, store: Store): Promise<void> {
  for (const field of Object.keys(statement)) if (!STATEMENT_FIELDS.has(field)) throw malformed(M.syntax);
  const effect = statement.Effect;
  if (effect === undefined) throw malformed(M.missingEffect);
  if (effect !== 'Allow' && effect !== 'Deny') throw malformed(`Invalid effect: ${String(effect)}`);
  const principal = statement.Principal ?? statement.NotPrincipal;
  if (principal === undefined) throw malformed(M.missingPrincipal);
  // AWS: "NotPrincipal must be used with Effect: Deny" (IAM User Guide, NotPrincipal).
  if (statement.NotPrincipal !== undefined && (effect === 'Allow' || statement.Principal !== undefined)) throw malformed(M.principal);
  await checkPrincipal(principal, store);
  const actions = statement.Action ?? statement.NotAction;
  if (actions === undefined) throw malformed(M.missingAction);
  const matched = new Set<string>();
  const perPattern: string[][] = [];
  for (const action of list(actions)) {
    const names = s3ActionsMatching(action);
    if (names.length === 0) throw malformed(M.action);
    perPattern.push(names);
    for (const name of names) matched.add(name);
  }
  const resources = statement.Resource ?? statement.NotResource;
  if (resources === undefined) throw malformed(M.missingResource);
  const kinds = new Set<string>();
  for (const resource of list(resources)) {
    if (typeof resource !== 'string') throw malformed(M.resource);
    const bucketArn = `arn:aws:s3:::${bucket}`;
    if (resource === bucketArn) kinds.add('bucket');
    else if (resource.startsWith(`${bucketArn}/`)) kinds.add('object');
    else throw malformed(M.resource);
  }
  const positive = statement.Action !== undefined && statement.Resource !== undefined;
  if (positive) {
    for (const names of perPattern) if (!names.some((name) => appliesTo(name, kinds))) throw malformed(M.notApplicable);
  }
  checkConditions(statement.Condition, positive ? [...matched].filter((name) => appliesTo(name, kinds)) : undefined, kinds);
}

let allS3Actions: readonly string[] | undefined;

/** The S3 actions an Action value names (lower-case `s3:name`); none for a value that is not S3's. */
function s3ActionsMatching(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  allS3Actions ??= actionsOf('s3').map((a) => `s3:${a.name.toLowerCase()}`);
  const pattern = value.toLowerCase();
  if (pattern === '*') return [...allS3Actions];
  if (!pattern.startsWith('s3:')) return [];
  const matcher = compileWildcard(pattern);
  return allS3Actions.filter((name) => matcher(name));
}

/** Whether the action acts on a bucket or object resource of the statement's kinds. */
function appliesTo(name: string, kinds: ReadonlySet<string>): boolean {
  const action = findAction('s3', name.slice(3));
  return action?.resourceTypes.some((r) => kinds.has(r.name)) === true;
}

const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

async function checkPrincipal(principal: unknown, store: Store): Promise<void> {
  if (principal === '*') return;
  if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) throw malformed(M.principal);
  const entries = Object.entries(principal as Json);
  if (entries.length === 0) throw malformed(M.principal);
  for (const [kind, values] of entries) {
    for (const value of list(values)) {
      if (typeof value !== 'string') throw malformed(M.principal);
      const ok =
        kind === 'AWS'
          ? await awsPrincipalExists(value, store)
          : kind === 'Service'
            ? SERVICE_PRINCIPAL.test(value)
            : kind === 'CanonicalUser'
              ? /^[0-9a-f]{64}$/i.test(value)
              : false;
      if (!ok) throw malformed(M.principal);
    }
  }
}

/**
 * An `AWS` principal S3 accepts: `*`, an account, its root, a session, or a user or role — which
 * must exist when its account is one of this deployment's (an account Gatehouse does not hold
 * cannot be checked, and is taken as named). AWS: IAM User Guide, "AWS JSON policy elements:
 * Principal" ("you cannot use a wildcard to match part of a principal name or ARN").
 */
async function awsPrincipalExists(value: string, store: Store): Promise<boolean> {
  if (value === '*' || /^\d{12}$/.test(value)) return true;
  if (value.includes('*') || value.includes('?')) return false;
  // Gatehouse has no CloudFront: an origin access identity cannot be checked, and is taken as named.
  if (/^arn:aws:iam::cloudfront:user\/CloudFront Origin Access Identity [A-Z0-9]+$/.test(value)) return true;
  const arn = parseArn(value);
  if (arn === undefined || !/^\d{12}$/.test(arn.accountId)) return false;
  if (arn.service === 'sts') return arn.resource.startsWith('assumed-role/') || arn.resource.startsWith('federated-user/');
  if (arn.service !== 'iam') return false;
  if (arn.resource === 'root') return true;
  const kind = arn.resource.slice(0, arn.resource.indexOf('/'));
  if (kind !== 'user' && kind !== 'role') return false;
  if ((await store.accounts.get(arn.accountId)) === undefined) return true;
  const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
  const entity = kind === 'user' ? await store.users.get(arn.accountId, name) : await store.roles.get(arn.accountId, name);
  return entity !== undefined && entity.arn === value;
}

/** Condition keys whose name carries a tag key (`prefix/<key>` in the catalog). */
const TAG_KEY = /^([^/]+\/)[^/]+$/;

function checkConditions(condition: unknown, actions: readonly string[] | undefined, kinds: ReadonlySet<string>): void {
  if (condition === undefined) return;
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) throw malformed(M.syntax);
  for (const [operator, block] of Object.entries(condition as Json)) {
    const parsed = parseConditionOperator(operator);
    if (parsed === undefined) throw malformed(`Invalid Condition type : ${operator}`);
    if (typeof block !== 'object' || block === null || Array.isArray(block)) throw malformed(M.syntax);
    for (const [key, values] of Object.entries(block as Json)) {
      const info = findConditionKey(key) ?? findConditionKey(key.replace(TAG_KEY, '$1<key>'));
      if (info === undefined) throw malformed(M.conditionKey);
      if (/^(Not)?IpAddress$/.test(parsed.base) && list(values).some((v) => typeof v !== 'string' || !isCidr(v))) throw malformed(M.ipAddress);
      if (info.global || actions === undefined) continue;
      const name = info.key.toLowerCase();
      const applies = actions.some((action) => {
        const found = findAction('s3', action.slice(3));
        if (found === undefined) return false;
        if (found.conditionKeys.some((k) => k.toLowerCase() === name)) return true;
        return found.resourceTypes.some((r) => kinds.has(r.name) && r.conditionKeys.some((k) => k.toLowerCase() === name));
      });
      if (!applies) throw malformed(M.conditionNotApplicable);
    }
  }
}

function isCidr(value: string): boolean {
  const [address, bits, extra] = value.split('/');
  if (extra !== undefined || address === undefined) return false;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (v4 !== null) return v4.slice(1).every((o) => Number(o) <= 255) && (bits === undefined || (/^\d{1,2}$/.test(bits) && Number(bits) <= 32));
  return /^[0-9a-f:]+$/i.test(address) && address.includes(':') && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= 128));
}
