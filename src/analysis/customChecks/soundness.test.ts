import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compilePolicy } from '../../policy/compile.js';
import { normalizePolicy } from '../../policy/normalize.js';
import { prepareResource } from '../../policy/resources.js';
import { buildContext } from '../../policy/context.js';
import { GrantClass } from '../../policy/principals.js';
import type { AuthzRequest } from '../../policy/request.js';
import type { ContextRecord } from '../../policy/context.js';
import { GLOBAL_LIMITING_KEYS } from './publicResourceTypes.js';
import { checkAccessNotGranted } from './accessNotGranted.js';
import { checkNoNewAccess } from './noNewAccess.js';
import { checkNoPublicAccess } from './noPublicAccess.js';
import {
  A,
  allows,
  context,
  derivedPolicy,
  optionsFor,
  OUTSIDER,
  OUTSIDERS,
  policy,
  request,
  REQUEST_ACTIONS,
  REQUEST_RESOURCES,
  type Doc,
  type Stmt,
} from './checks.testSupport.js';
import type { AccessCheckPolicyType, AccessSpec, CheckResult } from './types.js';

/**
 * Soundness, with the policy engine as the oracle: a PASS is a promise about every request, so no
 * request the engine evaluates may break it. Each property draws policies (and for
 * CheckNoNewAccess, pairs in which the new policy is often derived from the existing one, so that
 * PASS is common) and a batch of requests, and checks the promise on each request.
 *
 * The second suite is the demonstration that these properties have teeth: each runs the same
 * property against a deliberately unsound variant of a check (the check is shown a weakened
 * policy: Deny statements or conditions dropped, NotAction statements dropped, every condition
 * taken as limiting) and asserts that fast-check finds a counterexample, which it prints.
 */

const RUNS = Number(process.env['GATEHOUSE_PROPERTY_RUNS'] ?? 250);
const json = (d: Doc): string => JSON.stringify(d);

type NoNewAccessChecker = (updated: Doc, existing: Doc, type: AccessCheckPolicyType) => CheckResult;

const pairOf = (type: AccessCheckPolicyType): fc.Arbitrary<{ existing: Doc; updated: Doc }> =>
  policy(optionsFor(type)).chain((existing) =>
    fc
      .oneof({ weight: 3, arbitrary: derivedPolicy(existing, optionsFor(type)) }, { weight: 1, arbitrary: policy(optionsFor(type)) })
      .map((updated) => ({ existing, updated })),
  );

/** No request is allowed by the new policy and not by the existing one after a PASS. */
function noNewAccessProperty(type: AccessCheckPolicyType, check: NoNewAccessChecker): fc.IPropertyWithHooks<[{ existing: Doc; updated: Doc }, AuthzRequest[]]> {
  return fc.property(pairOf(type), fc.array(request, { minLength: 30, maxLength: 30 }), ({ existing, updated }, requests) => {
    if (check(updated, existing, type).result !== 'PASS') return;
    for (const r of requests) {
      if (allows(updated, type, r) && !allows(existing, type, r)) {
        throw new Error(`PASS, yet the new policy alone allows ${describeRequest(r)}`);
      }
    }
  });
}

const checkNew: NoNewAccessChecker = (updated, existing, type) => checkNoNewAccess(json(updated), json(existing), type);

/** The requests of an access entry, by the engine's own Action and Resource matching. */
function inAccess(access: AccessSpec, r: AuthzRequest): boolean {
  const probe: Stmt = { Effect: 'Allow', Action: access.actions ?? '*', Resource: access.resources ?? '*' };
  const compiled = compilePolicy(normalizePolicy({ Version: '2008-10-17', Statement: [probe] }), { id: 'access', type: 'identity' });
  const [service, ...name] = r.action.toLowerCase().split(':');
  const match = compiled.statements[0]!.match({
    principal: r.principal,
    service: service!,
    actionName: name.join(':'),
    resource: prepareResource(r.resource.arn),
    context: buildContext({}),
    errors: [],
  });
  return match !== GrantClass.None;
}

const accessEntry: fc.Arbitrary<AccessSpec> = fc
  .record({
    actions: fc.uniqueArray(fc.constantFrom(...REQUEST_ACTIONS, 's3:*', 's3:Get*', 'iam:*', '*'), { minLength: 1, maxLength: 3 }),
    resources: fc.uniqueArray(fc.constantFrom(...REQUEST_RESOURCES.filter((r) => r !== '*'), 'arn:aws:s3:::bucket/*', `arn:aws:iam::${A}:user/*`), {
      minLength: 1,
      maxLength: 3,
    }),
    form: fc.constantFrom('actions', 'resources', 'both'),
  })
  .map((e) =>
    e.form === 'actions' ? { actions: e.actions } : e.form === 'resources' ? { resources: e.resources } : { actions: e.actions, resources: e.resources },
  );

type AccessChecker = (doc: Doc, access: AccessSpec, type: AccessCheckPolicyType) => CheckResult;

function accessNotGrantedProperty(type: AccessCheckPolicyType, check: AccessChecker): fc.IPropertyWithHooks<[Doc, AccessSpec, AuthzRequest[]]> {
  return fc.property(policy(optionsFor(type)), accessEntry, fc.array(request, { minLength: 40, maxLength: 40 }), (doc, access, requests) => {
    if (check(doc, access, type).result !== 'PASS') return;
    for (const r of requests) {
      if (inAccess(access, r) && allows(doc, type, r)) throw new Error(`PASS, yet the policy allows the listed ${describeRequest(r)}`);
    }
  });
}

const checkAccess: AccessChecker = (doc, access, type) => checkAccessNotGranted(json(doc), [access], type);

/** Values of the limiting keys that name no one: what an outsider's request may carry. */
const OUTSIDER_VALUES: Readonly<Record<string, readonly unknown[]>> = {
  'aws:PrincipalAccount': [OUTSIDER],
  'aws:PrincipalOrgID': ['o-outsider'],
  'aws:PrincipalOrgPaths': ['o-outsider/r-1/ou-1/'],
  'aws:PrincipalArn': [`arn:aws:iam::${OUTSIDER}:user/mallory`],
  'aws:SourceIp': ['198.51.100.77'],
  'aws:SourceVpce': ['vpce-outsider'],
  'aws:SourceArn': ['arn:aws:s3:::outsider-bucket', `arn:aws:sns:us-east-1:${OUTSIDER}:topic`],
  'aws:SourceAccount': [OUTSIDER],
  'kms:CallerAccount': [OUTSIDER],
};

/** Any value in the keys outsiders choose; absent or an outsider's own value in the limiting keys. */
const outsiderContext: fc.Arbitrary<ContextRecord> = fc
  .tuple(context, fc.record(Object.fromEntries(Object.entries(OUTSIDER_VALUES).map(([k, v]) => [k, fc.option(fc.constantFrom(...v), { nil: undefined })]))))
  .map(([free, limiting]) => {
    const out: Record<string, ContextRecord[string]> = {};
    for (const [k, v] of Object.entries(free)) if (!LIMITING.has(k.toLowerCase())) out[k] = v;
    for (const [k, v] of Object.entries(limiting)) if (v !== undefined) out[k] = v as string;
    return out;
  });

const LIMITING = new Set([...GLOBAL_LIMITING_KEYS, 'kms:calleraccount']);

/** Limiting conditions with named values (and some with wildcards or wide blocks that name no one). */
const limitingCondition = fc.oneof(
  fc.constant({ StringEquals: { 'aws:PrincipalAccount': A } }),
  fc.constant({ StringNotEquals: { 'aws:PrincipalAccount': A } }),
  fc.constant({ StringEqualsIfExists: { 'aws:PrincipalAccount': A } }),
  fc.constant({ StringEquals: { 'aws:PrincipalOrgID': 'o-known' } }),
  fc.constant({ StringLike: { 'aws:PrincipalOrgID': 'o-*' } }),
  fc.constant({ 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-known/*' } }),
  fc.constant({ 'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': 'o-known/*' } }),
  fc.constant({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/*` } }),
  fc.constant({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } }),
  fc.constant({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } }),
  fc.constant({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
  fc.constant({ IpAddress: { 'aws:SourceIp': '128.0.0.0/1' } }),
  fc.constant({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
  fc.constant({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }),
  fc.constant({ StringEquals: { 'aws:SourceVpce': 'vpce-1' } }),
  fc.constant({ StringEquals: { 'kms:CallerAccount': A } }),
  fc.constant({ Null: { 'aws:SourceVpce': 'false' } }),
  fc.constant({ Bool: { 'aws:SecureTransport': 'true' } }),
  fc.constant({ StringEquals: { 'aws:PrincipalTag/team': 'blue' } }),
);

const PUBLIC_TYPES = ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::SQS::Queue', 'AWS::IAM::AssumeRolePolicyDocument'] as const;
const PUBLIC_ACTIONS: Readonly<Record<(typeof PUBLIC_TYPES)[number], readonly string[]>> = {
  'AWS::S3::Bucket': ['s3:GetObject', 's3:PutObject', 's3:ListBucket'],
  'AWS::KMS::Key': ['kms:Decrypt', 'kms:Encrypt'],
  'AWS::SQS::Queue': ['sqs:SendMessage'],
  'AWS::IAM::AssumeRolePolicyDocument': ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'],
};

const publicPolicy = policy({
  principal: true,
  principals: ['*', { AWS: '*' }, { AWS: A }, { AWS: `arn:aws:iam::${A}:role/app` }, { Service: 's3.amazonaws.com' }, { AWS: [A, '*'] }],
  notPrincipals: [{ AWS: A }, { AWS: `arn:aws:iam::${A}:root` }],
  actions: ['*', 's3:*', 's3:GetObject', 's3:Put*', 'kms:*', 'kms:Decrypt', 'sqs:*', 'sts:AssumeRole', 'sts:*', 'iam:*', 'ec2:*'],
  conditions: fc.option(limitingCondition, { nil: undefined }),
  denyWeight: 2,
});

type PublicChecker = (doc: Doc, type: (typeof PUBLIC_TYPES)[number]) => CheckResult;

function noPublicAccessProperty(check: PublicChecker): fc.IPropertyWithHooks<[Doc, [(typeof PUBLIC_TYPES)[number], AuthzRequest[]]]> {
  const outsiderRequest = (type: (typeof PUBLIC_TYPES)[number]): fc.Arbitrary<AuthzRequest> =>
    fc.record({
      principal: fc.constantFrom(...OUTSIDERS),
      action: fc.constantFrom(...PUBLIC_ACTIONS[type]),
      resource: fc.constantFrom(...REQUEST_RESOURCES).map((arn) => ({ arn, accountId: A })),
      context: outsiderContext,
    });
  return fc.property(
    publicPolicy,
    fc.constantFrom(...PUBLIC_TYPES).chain((type) => fc.tuple(fc.constant(type), fc.array(outsiderRequest(type), { minLength: 40, maxLength: 40 }))),
    (doc, [type, requests]: [(typeof PUBLIC_TYPES)[number], AuthzRequest[]]) => {
      if (check(doc, type).result !== 'PASS') return;
      for (const r of requests) if (allows(doc, 'RESOURCE_POLICY', r)) throw new Error(`PASS, yet an outsider is allowed: ${describeRequest(r)}`);
    },
  );
}

const checkPublic: PublicChecker = (doc, type) => checkNoPublicAccess(json(doc), type);

function describeRequest(r: AuthzRequest): string {
  return `${r.action} on ${r.resource.arn} by ${r.principal.type} ${r.principal.arn} with ${JSON.stringify(r.context)}`;
}

/** Counts the checks a property makes and their PASS results, to show the properties are not vacuous. */
function counted<T extends unknown[]>(check: (...args: T) => CheckResult, stats: { runs: number; passes: number }): (...args: T) => CheckResult {
  return (...args) => {
    const out = check(...args);
    stats.runs++;
    if (out.result === 'PASS') stats.passes++;
    return out;
  };
}

function assertNotVacuous(stats: { runs: number; passes: number }): void {
  assert.ok(stats.passes >= stats.runs * 0.15, `only ${stats.passes} of ${stats.runs} checks passed`);
}

describe('custom policy checks are sound (the engine as oracle)', () => {
  for (const type of ['IDENTITY_POLICY', 'RESOURCE_POLICY'] as const) {
    it(`CheckNoNewAccess, ${type}: no request the new policy allows and the existing does not after a PASS`, () => {
      const stats = { runs: 0, passes: 0 };
      fc.assert(noNewAccessProperty(type, counted(checkNew, stats)), { numRuns: RUNS });
      assertNotVacuous(stats);
    });
    it(`CheckAccessNotGranted, ${type}: no listed request is allowed after a PASS`, () => {
      const stats = { runs: 0, passes: 0 };
      fc.assert(accessNotGrantedProperty(type, counted(checkAccess, stats)), { numRuns: RUNS });
      assertNotVacuous(stats);
    });
  }
  it('CheckNoPublicAccess: no outsider is allowed after a PASS', () => {
    const stats = { runs: 0, passes: 0 };
    fc.assert(noPublicAccessProperty(counted(checkPublic, stats)), { numRuns: RUNS * 2 });
    assertNotVacuous(stats);
  });
});

/** `doc` with some statements dropped or rewritten, never empty (a policy needs a statement). */
function rewrite(doc: Doc, edit: (s: Stmt) => Stmt | undefined): Doc {
  const kept = doc.Statement.map(edit).filter((s): s is Stmt => s !== undefined);
  if (kept.length === 0)
    kept.push({
      Effect: 'Deny',
      Action: 'none:None',
      Resource: '*',
      ...('Principal' in (doc.Statement[0] ?? {}) || 'NotPrincipal' in (doc.Statement[0] ?? {}) ? { Principal: '*' } : {}),
    });
  return { ...doc, Statement: kept };
}

/** Runs a property that must fail, and reports fast-check's (shrunk) counterexample. */
function counterexample<T>(property: fc.IPropertyWithHooks<T extends unknown[] ? T : never>, seed: number): string {
  const out = fc.check(property, { numRuns: 3000, seed });
  assert.ok(out.failed, 'the property test did not catch the unsound check');
  const [first] = out.counterexample as unknown[];
  return `${JSON.stringify(first)} — ${out.errorInstance instanceof Error ? ((out.errorInstance.cause as Error | undefined)?.message ?? out.errorInstance.message) : String(out.errorInstance)}`;
}

describe('soundness demonstration: the properties catch a deliberately unsound check', () => {
  it("CheckNoNewAccess that ignores the existing policy's Deny statements", (t) => {
    const unsound: NoNewAccessChecker = (updated, existing, type) =>
      checkNew(
        updated,
        rewrite(existing, (s) => (s['Effect'] === 'Deny' ? undefined : s)),
        type,
      );
    t.diagnostic(counterexample(noNewAccessProperty('IDENTITY_POLICY', unsound), 1));
  });
  it("CheckNoNewAccess that ignores the conditions of the existing policy's Allow statements", (t) => {
    const unsound: NoNewAccessChecker = (updated, existing, type) =>
      checkNew(
        updated,
        rewrite(existing, (s) => (s['Effect'] === 'Allow' ? { ...s, Condition: undefined } : s)),
        type,
      );
    t.diagnostic(counterexample(noNewAccessProperty('RESOURCE_POLICY', unsound), 2));
  });
  it('CheckAccessNotGranted that ignores NotAction statements', (t) => {
    const unsound: AccessChecker = (doc, access, type) =>
      checkAccess(
        rewrite(doc, (s) => ('NotAction' in s ? undefined : s)),
        access,
        type,
      );
    t.diagnostic(counterexample(accessNotGrantedProperty('IDENTITY_POLICY', unsound), 3));
  });
  it('CheckNoPublicAccess that counts every condition as limiting', (t) => {
    const unsound: PublicChecker = (doc, type) =>
      checkPublic(
        rewrite(doc, (s) => (s['Condition'] === undefined ? s : { ...s, Condition: { StringEquals: { 'aws:PrincipalAccount': A } } })),
        type,
      );
    t.diagnostic(counterexample(noPublicAccessProperty(unsound), 4));
  });
});
