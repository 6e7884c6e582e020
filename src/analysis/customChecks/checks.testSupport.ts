/**
 * Random policies and requests for the custom checks' property tests, with the policy engine as
 * the oracle. Every vocabulary is small so that statements, patterns and requests meet often, and
 * holds the edge cases of each matcher: wildcards against the colons of ARNs, case, variables,
 * multivalued keys, values a typed operator cannot read, callers of every kind.
 */
import fc from 'fast-check';
import { compilePolicy, type CompiledPolicy } from '../../policy/compile.js';
import { evaluate } from '../../policy/evaluate.js';
import { normalizePolicy } from '../../policy/normalize.js';
import type { AuthzRequest, RequestPrincipal } from '../../policy/request.js';
import type { ContextRecord } from '../../policy/context.js';
import type { AccessCheckPolicyType } from './types.js';

export const A = '111122223333';
export const B = '444455556666';
/** The account, organization and network of callers no policy names. */
export const OUTSIDER = '999999999999';

export type Stmt = Record<string, unknown>;
export interface Doc {
  Version: string;
  Statement: Stmt[];
}

const ROLE = `arn:aws:iam::${A}:role/app`;
const SESSION = `arn:aws:sts::${A}:assumed-role/app/s1`;
const ALICE = `arn:aws:iam::${A}:user/alice`;
const CANONICAL = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';

/** Callers of every kind, their ARNs in their own account (the invariant principalSets.ts relies on). */
export const PRINCIPALS: readonly RequestPrincipal[] = [
  { arn: ALICE, accountId: A, type: 'IAMUser', userId: 'AIDAEXAMPLEALICE00001' },
  { arn: SESSION, accountId: A, type: 'AssumedRole', roleArn: ROLE, userId: 'AROAEXAMPLEAPPROLE001:s1' },
  { arn: `arn:aws:sts::${A}:federated-user/carol`, accountId: A, type: 'FederatedUser', federatedUserParentArn: `arn:aws:iam::${A}:user/bob` },
  { arn: `arn:aws:iam::${A}:root`, accountId: A, type: 'Root' },
  { arn: `arn:aws:iam::${B}:user/dave`, accountId: B, type: 'IAMUser', userId: 'AIDAEXAMPLEDAVE000001' },
  {
    arn: `arn:aws:sts::${B}:assumed-role/ops/s2`,
    accountId: B,
    type: 'AssumedRole',
    roleArn: `arn:aws:iam::${B}:role/ops`,
    userId: 'AROAEXAMPLEOPSROLE001:s2',
  },
  { arn: '', accountId: '', type: 'Anonymous' },
  { arn: 's3.amazonaws.com', accountId: '', type: 'AWSService', serviceName: 's3.amazonaws.com' },
  { arn: 'accounts.google.com', accountId: '', type: 'WebIdentityUser', federatedProvider: 'accounts.google.com' },
  { arn: `arn:aws:iam::${A}:user/erin`, accountId: A, type: 'IAMUser', canonicalUserId: CANONICAL },
];

/** Callers no policy value names. */
export const OUTSIDERS: readonly RequestPrincipal[] = [
  { arn: '', accountId: '', type: 'Anonymous' },
  { arn: `arn:aws:iam::${OUTSIDER}:user/mallory`, accountId: OUTSIDER, type: 'IAMUser', userId: 'AIDAOUTSIDERMALLORY01' },
  {
    arn: `arn:aws:sts::${OUTSIDER}:assumed-role/x/s`,
    accountId: OUTSIDER,
    type: 'AssumedRole',
    roleArn: `arn:aws:iam::${OUTSIDER}:role/x`,
    userId: 'AROAOUTSIDERROLEX001:s',
  },
  { arn: `arn:aws:iam::${OUTSIDER}:root`, accountId: OUTSIDER, type: 'Root' },
  { arn: 'outsider.amazonaws.com', accountId: '', type: 'AWSService', serviceName: 'outsider.amazonaws.com' },
  { arn: 'oidc.outsider.example', accountId: '', type: 'WebIdentityUser', federatedProvider: 'oidc.outsider.example' },
];

export const REQUEST_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:ListBucket',
  'S3:getobject',
  'iam:GetUser',
  'iam:PassRole',
  'ec2:RunInstances',
  'sts:AssumeRole',
  'kms:Decrypt',
  'sqs:SendMessage',
];
export const REQUEST_RESOURCES = [
  'arn:aws:s3:::bucket/key',
  'arn:aws:s3:::bucket',
  'arn:aws:s3:::bucket/a:b',
  'arn:aws:s3:::other/key',
  'arn:aws:s3:::alice/notes',
  ALICE,
  ROLE,
  `arn:aws:ec2:us-east-1:${A}:instance/i-1`,
  `arn:aws:kms:us-east-1:${B}:key/k1`,
  '*',
  'bucket',
];

const ACTION_PATTERNS = [
  '*',
  's3:*',
  's3:Get*',
  's3:GetObject',
  's3:*Object',
  's3:?utObject',
  'iam:*',
  'iam:Get*',
  '*:Get*',
  'ec2:*',
  'sts:AssumeRole',
  'S3:GETOBJECT',
  'kms:*',
  's3:GetObject*',
  'sqs:*',
  's3:List*',
];
const RESOURCE_PATTERNS = [
  '*',
  'arn:aws:s3:::bucket/*',
  'arn:aws:s3:::bucket*',
  'arn:aws:s3:::*',
  'arn:aws:s3:::other/*',
  `arn:aws:iam::${A}:*`,
  'arn:aws:iam::*:user/*',
  'arn:aws:*:*:*:*',
  'arn:aws:s3:::${aws:username}/*',
  'arn:aws:s3:::bucket/?ey',
  'arn:*',
  '*bucket*',
  'arn:aws:ec2:*:*:instance/*',
  'arn:aws:s3:::bucket/*:*',
  'arn:aws:kms:*:*:key/*',
];

const tests = (op: string, key: string, values: unknown[]): fc.Arbitrary<[string, string, unknown]> =>
  fc.tuple(fc.constant(op), fc.constant(key), fc.constantFrom(...values));

/** One condition test: operator, key, value(s). */
const conditionTest: fc.Arbitrary<[string, string, unknown]> = fc.oneof(
  tests('StringEquals', 'aws:PrincipalTag/team', ['blue', ['blue', 'red'], 'red']),
  tests('StringNotEquals', 'aws:PrincipalTag/team', ['blue', ['blue', 'red']]),
  tests('StringLike', 'aws:PrincipalTag/team', ['b*', '*', 'bl?e']),
  tests('StringNotLike', 'aws:PrincipalTag/team', ['b*', 'r*']),
  tests('StringEqualsIgnoreCase', 'aws:PrincipalTag/team', ['BLUE', 'blue']),
  tests('StringEqualsIfExists', 'aws:PrincipalTag/team', ['blue']),
  tests('StringNotEqualsIfExists', 'aws:username', ['alice']),
  tests('ForAnyValue:StringEquals', 'aws:TagKeys', ['team', ['team', 'cost']]),
  tests('ForAllValues:StringLike', 'aws:TagKeys', ['team*', ['team', 'cost']]),
  tests('ForAnyValue:StringNotEquals', 'aws:TagKeys', ['team']),
  tests('ForAllValues:StringNotEquals', 'aws:TagKeys', ['cost']),
  tests('IpAddress', 'aws:SourceIp', ['10.0.0.0/8', ['10.0.0.0/8', '192.0.2.0/24'], '10.1.0.0/16']),
  tests('NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8', '10.1.0.0/16']),
  tests('Bool', 'aws:SecureTransport', ['true', 'false', true]),
  tests('DateLessThan', 'aws:CurrentTime', ['2027-01-01T00:00:00Z', '2026-06-01T00:00:00Z']),
  tests('DateGreaterThan', 'aws:CurrentTime', ['2026-06-01T00:00:00Z']),
  tests('NumericLessThan', 's3:max-keys', ['10', 100]),
  tests('NumericGreaterThanEquals', 's3:max-keys', ['10']),
  tests('NumericEquals', 's3:max-keys', ['10']),
  tests('NumericNotEquals', 's3:max-keys', ['10']),
  tests('Null', 'aws:PrincipalTag/team', ['true', 'false']),
  tests('Null', 'aws:TagKeys', ['true', 'false']),
  tests('ArnLike', 'aws:PrincipalArn', [`arn:aws:iam::${A}:role/*`, `arn:aws:iam::${A}:*`, '*']),
  tests('ArnNotLike', 'aws:PrincipalArn', [`arn:aws:iam::${A}:role/*`]),
  tests('StringLike', 'aws:PrincipalArn', [`arn:aws:iam::${A}:role/*`]),
  tests('StringLike', 's3:prefix', ['home/${aws:username}/*', 'home/*']),
  tests('StringEquals', 's3:prefix', ['home/alice/x']),
);

/** A Condition block of up to `max` tests (a repeated operator and key keeps the later test). */
export const conditionBlock = (max: number): fc.Arbitrary<Record<string, Record<string, unknown>> | undefined> =>
  fc.array(conditionTest, { maxLength: max }).map((list) => {
    if (list.length === 0) return undefined;
    const block: Record<string, Record<string, unknown>> = {};
    for (const [op, key, value] of list) (block[op] ??= {})[key] = value;
    return block;
  });

const PRINCIPAL_SPECS: unknown[] = [
  '*',
  { AWS: '*' },
  { AWS: A },
  { AWS: `arn:aws:iam::${A}:root` },
  { AWS: ALICE },
  { AWS: ROLE },
  { AWS: SESSION },
  { AWS: B },
  { AWS: [A, B] },
  { Service: 's3.amazonaws.com' },
  { Federated: 'accounts.google.com' },
  { AWS: 'AIDAEXAMPLEALICE00001' },
  { CanonicalUser: CANONICAL },
  // IAM refuses a wildcard here, AWS's reference policies use one; the engine reads it literally.
  { Federated: '*' },
];
const NOT_PRINCIPAL_SPECS: unknown[] = [{ AWS: A }, { AWS: [A, ALICE] }, { AWS: B }, { Service: 's3.amazonaws.com' }, { AWS: `arn:aws:iam::*:root` }];

export interface StatementOptions {
  readonly principal: boolean;
  readonly actions?: readonly string[];
  readonly resources?: readonly string[];
  readonly principals?: readonly unknown[];
  readonly notPrincipals?: readonly unknown[];
  readonly conditions?: fc.Arbitrary<Record<string, Record<string, unknown>> | undefined>;
  readonly denyWeight?: number;
}

/** One statement. */
export function statement(o: StatementOptions): fc.Arbitrary<Stmt> {
  return fc
    .record({
      sid: fc.option(fc.constantFrom('S1', 'S2', 'Other'), { nil: undefined }),
      effect: fc.oneof({ weight: 4, arbitrary: fc.constant('Allow') }, { weight: o.denyWeight ?? 2, arbitrary: fc.constant('Deny') }),
      negateAction: fc.constantFrom(false, false, false, true),
      actions: fc.uniqueArray(fc.constantFrom(...(o.actions ?? ACTION_PATTERNS)), { minLength: 1, maxLength: 3 }),
      resourceForm: fc.constantFrom('Resource', 'Resource', 'Resource', 'NotResource', o.principal ? 'none' : 'Resource'),
      resources: fc.uniqueArray(fc.constantFrom(...(o.resources ?? RESOURCE_PATTERNS)), { minLength: 1, maxLength: 3 }),
      negatePrincipal: fc.constantFrom(false, false, false, false, true),
      principal: fc.constantFrom(...(o.principals ?? PRINCIPAL_SPECS)),
      notPrincipal: fc.constantFrom(...(o.notPrincipals ?? NOT_PRINCIPAL_SPECS)),
      condition: o.conditions ?? conditionBlock(2),
    })
    .map((r) => {
      const s: Stmt = {};
      if (r.sid !== undefined) s['Sid'] = r.sid;
      s['Effect'] = r.effect;
      s[r.negateAction ? 'NotAction' : 'Action'] = r.actions;
      if (r.resourceForm !== 'none') s[r.resourceForm] = r.resources;
      if (o.principal) s[r.negatePrincipal ? 'NotPrincipal' : 'Principal'] = r.negatePrincipal ? r.notPrincipal : r.principal;
      if (r.condition !== undefined) s['Condition'] = r.condition;
      return s;
    });
}

/** A policy of 1 to `max` statements. */
export function policy(o: StatementOptions, max = 4): fc.Arbitrary<Doc> {
  return fc
    .tuple(fc.constantFrom('2012-10-17', '2012-10-17', '2012-10-17', '2008-10-17'), fc.array(statement(o), { minLength: 1, maxLength: max }))
    .map(([Version, Statement]) => ({ Version, Statement }));
}

/**
 * A new policy derived from an existing one, so that many pairs pass: some of its statements,
 * each narrowed (fewer actions or resources, an added condition) or kept, plus random statements
 * and Denies.
 */
export function derivedPolicy(existing: Doc, o: StatementOptions): fc.Arbitrary<Doc> {
  return fc
    .tuple(
      fc.subarray(existing.Statement, { minLength: 0 }),
      fc.array(fc.record({ narrowActions: fc.boolean(), narrowResources: fc.boolean(), condition: conditionBlock(1) }), {
        minLength: existing.Statement.length,
        maxLength: existing.Statement.length,
      }),
      fc.array(statement(o), { maxLength: 2 }),
    )
    .map(([kept, edits, extra]) => {
      const statements = kept.map((s, i) => {
        const e = edits[i]!;
        const copy: Stmt = { ...s };
        for (const key of ['Action', 'Resource'] as const) {
          const list = copy[key];
          const narrow = key === 'Action' ? e.narrowActions : e.narrowResources;
          if (narrow && Array.isArray(list) && list.length > 1) copy[key] = list.slice(0, 1);
        }
        if (e.condition !== undefined && copy['Effect'] === 'Allow') copy['Condition'] = { ...(copy['Condition'] as object | undefined), ...e.condition };
        return copy;
      });
      const all = [...statements, ...extra];
      // A policy needs a statement: one that applies to nothing.
      if (all.length === 0) all.push({ Effect: 'Deny', Action: 'none:None', Resource: '*', ...(o.principal ? { Principal: '*' } : {}) });
      return { Version: existing.Version, Statement: all };
    });
}

const CONTEXT_VALUES: Readonly<Record<string, readonly unknown[]>> = {
  'aws:PrincipalTag/team': ['blue', 'red', 'Blue', 'green', ['blue', 'red'], [], 'b'],
  'aws:username': ['alice', 'bob'],
  'aws:TagKeys': [['team'], ['team', 'cost'], [], ['x'], 'team'],
  'aws:SourceIp': ['10.1.2.3', '192.0.2.1', '::1', 'not-an-ip', ['10.1.2.3', '8.8.8.8']],
  'aws:SecureTransport': ['true', 'false', 'TRUE', 'yes', ['true', 'false']],
  'aws:CurrentTime': ['2026-01-01T00:00:00Z', '2027-06-01T00:00:00Z', 'garbage'],
  's3:max-keys': ['5', '10', '100', 'abc', '1e999', ['5', 'abc']],
  'aws:PrincipalArn': [ROLE, ALICE, `arn:aws:iam::${B}:role/app`, 'arn:aws:s3:::bucket'],
  's3:prefix': ['home/alice/x', 'home/bob/', 'other'],
};

/** A request context: each key present about half the time. */
export const context: fc.Arbitrary<ContextRecord> = fc
  .record(Object.fromEntries(Object.entries(CONTEXT_VALUES).map(([k, values]) => [k, fc.option(fc.constantFrom(...values), { nil: undefined, freq: 2 })])))
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as ContextRecord);

/** A request of the vocabularies above. */
export const request: fc.Arbitrary<AuthzRequest> = fc.record({
  principal: fc.constantFrom(...PRINCIPALS),
  action: fc.constantFrom(...REQUEST_ACTIONS),
  resource: fc.constantFrom(...REQUEST_RESOURCES).map((arn) => ({ arn, accountId: A })),
  context,
});

const ALLOW_ALL = compilePolicy(normalizePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }), {
  id: 'allow-all',
  type: 'identity',
});

/**
 * The oracle: whether the engine allows the request under `doc` alone. An identity policy is the
 * caller's only identity policy; a resource policy is the resource's policy, required to allow
 * (as role trust and key policies are), with every other layer allowing, so that the answer is
 * exactly whether the document allows the request.
 */
export function allows(doc: Doc, type: AccessCheckPolicyType, r: AuthzRequest): boolean {
  const compiled = compiledOf(doc, type);
  if (type === 'IDENTITY_POLICY') {
    return evaluate({ ...r, principal: PRINCIPALS[0]! }, { identity: [compiled] }).decision === 'Allow';
  }
  return evaluate(r, { identity: [ALLOW_ALL], session: [ALLOW_ALL], resource: compiled, resourcePolicyRequired: true }).decision === 'Allow';
}

const compiledDocs = new WeakMap<Doc, Map<AccessCheckPolicyType, CompiledPolicy>>();

function compiledOf(doc: Doc, type: AccessCheckPolicyType): CompiledPolicy {
  let byType = compiledDocs.get(doc);
  if (byType === undefined) compiledDocs.set(doc, (byType = new Map()));
  let compiled = byType.get(type);
  if (compiled === undefined) {
    compiled = compilePolicy(normalizePolicy(JSON.parse(JSON.stringify(doc))), { id: 'doc', type: type === 'IDENTITY_POLICY' ? 'identity' : 'resource' });
    byType.set(type, compiled);
  }
  return compiled;
}

/** The statement options for policies of a type. */
export function optionsFor(type: AccessCheckPolicyType): StatementOptions {
  return { principal: type === 'RESOURCE_POLICY' };
}
