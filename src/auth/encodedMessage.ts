import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { buildContext, ContextValues } from '../policy/index.js';
import type { ApplicablePolicies, AuthzRequest, CompiledPolicy, Decision, MatchedStatement } from '../policy/index.js';
import type { KeyRing } from '../store/index.js';

/**
 * Encoded authorization failure messages: the details of a denial, sealed with the deployment key
 * ring so that only `sts:DecodeAuthorizationMessage` (which needs its own permission) reveals them.
 *
 * AWS: STS API reference, DecodeAuthorizationMessage — "The message is encoded because the details
 * of the authorization status can contain privileged information that the user who requested the
 * operation should not see." The decoded message says whether the request was denied by an explicit
 * deny, the principal, the action, the resource and the condition-key values of the request. AWS
 * returns such messages from some services (EC2's `UnauthorizedOperation`, "Encoded authorization
 * failure message: …"), never from IAM or STS themselves.
 *
 * A message names the caller, its source address, user agent and condition values, so it is
 * sealed to the caller's account: decoding it from another account (a member account's
 * administrator, for a management-account user's denial) fails as an invalid message.
 */

/**
 * The sealing context of a message: the account of the principal whose request was denied. A
 * message opens only with the same context, so only that account's principals can decode it.
 */
const messageAad = (accountId: string): string => `sts:authorization-message:v2:${accountId}`;
/** AWS: `encodedMessageType` is at most 10,240 characters (STS service model). */
export const MAX_ENCODED_MESSAGE_LENGTH = 10_240;

type Items<T> = { items: T[] };

/** The JSON document DecodeAuthorizationMessage returns, in AWS's shape. */
export interface DecodedAuthorizationMessage {
  allowed: boolean;
  explicitDeny: boolean;
  matchedStatements: Items<DecodedStatement>;
  failures: Items<{ message: string }>;
  context: {
    principal: { id: string; name?: string; arn: string };
    action: string;
    resource: string;
    conditions: Items<{ key: string; values: Items<{ value: string }> }>;
  };
}

interface DecodedStatement {
  statementId: string;
  effect: 'ALLOW' | 'DENY';
  principals: Items<{ value: string }>;
  principalGroups: Items<{ value: string }>;
  actions: Items<{ value: string }>;
  resources: Items<{ value: string }>;
  conditions: Items<{ key: string; values: Items<{ value: string }> }>;
}

/**
 * The decoded message for one decision. `policies` (what was evaluated) lets matched statements
 * list their actions and resources; without it they carry their id and effect only.
 */
export function describeDecision(request: AuthzRequest, decision: Decision, policies?: ApplicablePolicies): DecodedAuthorizationMessage {
  const context = request.context instanceof ContextValues ? request.context : buildContext(request.context);
  const conditions = context
    .keys()
    .sort()
    .map((key) => ({ key, values: items((context.get(key)?.values ?? []).map((value) => ({ value }))) }));
  const byId = policyIndex(policies);
  return {
    allowed: decision.decision === 'Allow',
    explicitDeny: decision.result === 'ExplicitlyDenied',
    matchedStatements: items(decision.matchedStatements.map((m) => describeStatement(m, byId.get(m.policyId)))),
    failures: items(decision.errors.map((e) => ({ message: e.message }))),
    context: {
      // AWS: an IAM user is named too (the DecodeAuthorizationMessage example: id, name, arn).
      principal: {
        id: request.principal.userId ?? '',
        ...(request.principal.type === 'IAMUser' ? { name: request.principal.arn.slice(request.principal.arn.lastIndexOf('/') + 1) } : {}),
        arn: request.principal.arn,
      },
      action: request.action,
      resource: request.resource.arn,
      conditions: items(conditions),
    },
  };
}

/**
 * Seals a decision's details into an opaque message for an AccessDenied response. Condition
 * values are dropped, last keys first, if the message would exceed what DecodeAuthorizationMessage
 * accepts.
 */
export function encodeAuthorizationMessage(keyRing: KeyRing, request: AuthzRequest, decision: Decision, policies?: ApplicablePolicies): string {
  const message = describeDecision(request, decision, policies);
  const aad = messageAad(request.principal.accountId);
  for (;;) {
    const encoded = seal(keyRing, JSON.stringify(message), aad);
    const conditions = message.context.conditions.items;
    if (encoded.length <= MAX_ENCODED_MESSAGE_LENGTH || (conditions.length === 0 && message.matchedStatements.items.length === 0)) return encoded;
    if (conditions.length > 0) conditions.splice(Math.floor(conditions.length / 2));
    else message.matchedStatements.items.splice(Math.floor(message.matchedStatements.items.length / 2));
  }
}

/**
 * The decoded JSON of a message made by {@link encodeAuthorizationMessage} for a request of
 * `callerAccountId`'s principals; undefined when it is not one, was altered, or is another account's.
 */
export function decodeAuthorizationMessage(keyRing: KeyRing, encoded: string, callerAccountId: string): string | undefined {
  if (callerAccountId === '') return undefined;
  try {
    const sealed = Buffer.from(encoded, 'base64url').toString('utf8');
    return inflateRawSync(Buffer.from(keyRing.open(sealed, messageAad(callerAccountId)), 'base64')).toString('utf8');
  } catch {
    return undefined;
  }
}

function seal(keyRing: KeyRing, json: string, aad: string): string {
  const packed = deflateRawSync(Buffer.from(json, 'utf8')).toString('base64');
  return Buffer.from(keyRing.seal(packed, aad), 'utf8').toString('base64url');
}

function describeStatement(matched: MatchedStatement, policy: CompiledPolicy | undefined): DecodedStatement {
  const statement = policy?.policy.statements.find((s) => s.index === matched.index);
  const values = (list: readonly string[] | undefined) => items((list ?? []).map((value) => ({ value })));
  return {
    statementId: matched.sid ?? '',
    effect: matched.effect === 'Deny' ? 'DENY' : 'ALLOW',
    principals: items([]),
    principalGroups: items([]),
    actions: values(statement?.action ?? statement?.notAction),
    resources: values(statement?.resource ?? statement?.notResource),
    conditions: items([]),
  };
}

function policyIndex(policies: ApplicablePolicies | undefined): Map<string, CompiledPolicy> {
  const index = new Map<string, CompiledPolicy>();
  if (policies === undefined) return index;
  const all = [
    ...policies.identity,
    ...(policies.session ?? []),
    ...(policies.resource !== undefined ? [policies.resource] : []),
    ...(policies.boundary !== undefined ? [policies.boundary] : []),
    ...(policies.scpLevels ?? []).flat(),
    ...(policies.rcpLevels ?? []).flat(),
  ];
  for (const p of all) if (!index.has(p.id)) index.set(p.id, p);
  return index;
}

function items<T>(list: T[]): Items<T> {
  return { items: list };
}
