import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { buildContext, ContextValues, denialReason, policiesById, statementOf } from '../policy/index.js';
import type { ApplicablePolicies, AuthzRequest, Decision, MatchedStatement, PolicyType, PrincipalSpec, Statement } from '../policy/index.js';
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

/**
 * The JSON document DecodeAuthorizationMessage returns, in AWS's shape (STS API reference,
 * DecodeAuthorizationMessage, and its CLI example: `allowed`, `explicitDeny`,
 * `matchedStatements.items[]` with `statementId`, `effect`, `principals`, `principalGroups`,
 * `actions`, `resources`, `conditions`, then `failures` and `context`). Gatehouse adds, as members
 * AWS's parsers ignore: `reason`, one sentence saying why (`policy/denialReason.ts`); on each
 * matched statement the policy it belongs to (`policyType`, and `policyArn` or `policyName`); on
 * each of its conditions the `operator`.
 */
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
  reason: string;
}

interface DecodedStatement {
  statementId: string;
  effect: 'ALLOW' | 'DENY';
  principals: Items<{ value: string }>;
  principalGroups: Items<{ value: string }>;
  actions: Items<{ value: string }>;
  resources: Items<{ value: string }>;
  conditions: Items<{ key: string; operator: string; values: Items<{ value: string }> }>;
  policyType: PolicyType;
  policyArn?: string;
  policyName?: string;
}

/**
 * The decoded message for one decision. `policies` (what was evaluated) lets matched statements
 * list their actions, resources, principals and conditions; without it they carry their id and effect only.
 */
export function describeDecision(request: AuthzRequest, decision: Decision, policies?: ApplicablePolicies): DecodedAuthorizationMessage {
  const context = request.context instanceof ContextValues ? request.context : buildContext(request.context);
  const conditions = context
    .keys()
    .sort()
    .map((key) => ({ key, values: items((context.get(key)?.values ?? []).map((value) => ({ value }))) }));
  const byId = policiesById(policies);
  return {
    allowed: decision.decision === 'Allow',
    explicitDeny: decision.result === 'ExplicitlyDenied',
    matchedStatements: items(decision.matchedStatements.map((m) => describeStatement(request, m, statementOf(byId, m)?.statement))),
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
    reason: denialReason(request, decision, policies ?? { identity: [] }),
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

/**
 * AWS: a matched statement lists the principals it applied to — for a policy attached to the
 * caller, the caller's unique ID (the role's ID for a role session: `AROA…`, the CLI example);
 * for a resource-based policy, its Principal element — and, for a group's policy, the group.
 */
function describeStatement(request: AuthzRequest, matched: MatchedStatement, statement: Statement | undefined): DecodedStatement {
  const values = (list: readonly string[] | undefined) => items((list ?? []).map((value) => ({ value })));
  const attached = matched.policyType !== 'resource' && matched.policyType !== 'trust';
  const callerId = (request.principal.userId ?? request.principal.accountId).split(':')[0]!;
  const principals = attached ? [callerId] : principalValues(statement?.principal ?? statement?.notPrincipal);
  const group = /^inline:group\/([^/]+)\//.exec(matched.policyId)?.[1];
  const inline = /^inline:[a-z]+\/[^/]+\/(.+)$/.exec(matched.policyId)?.[1];
  return {
    statementId: matched.sid ?? statement?.sid ?? '',
    effect: matched.effect === 'Deny' ? 'DENY' : 'ALLOW',
    principals: values(principals),
    principalGroups: values(group !== undefined ? [group] : []),
    actions: values(statement?.action ?? statement?.notAction),
    resources: values(statement?.resource ?? statement?.notResource),
    conditions: items((statement?.conditions ?? []).map((c) => ({ key: c.key, operator: c.operator, values: values(c.values) }))),
    policyType: matched.policyType,
    ...(matched.policyId.startsWith('arn:') ? { policyArn: matched.policyId } : inline !== undefined ? { policyName: inline } : {}),
  };
}

function principalValues(spec: PrincipalSpec | undefined): string[] {
  if (spec === undefined) return [];
  if (spec === '*') return ['*'];
  return Object.values(spec).flatMap((list) => list ?? []);
}

function items<T>(list: T[]): Items<T> {
  return { items: list };
}
