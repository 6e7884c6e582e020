import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { PolicyType } from './ast.js';
import { compilePolicy, type CompiledPolicy } from './compile.js';
import { evaluate } from './evaluate.js';
import { normalizePolicy } from './normalize.js';
import type { ApplicablePolicies, AuthzRequest, RequestPrincipal } from './request.js';

/** Random policies and requests from small alphabets, so that statements often apply. */

const A = '111122223333';
const B = '444455556666';
const ROLE = `arn:aws:iam::${A}:role/app`;

type Stmt = Record<string, unknown>;
interface Doc {
  Version: '2012-10-17';
  Statement: Stmt[];
}
interface Layers {
  identity: Doc[];
  resource?: Doc;
  boundary?: Doc;
  session?: Doc[];
  scpLevels?: Doc[][];
  rcpLevels?: Doc[][];
  resourcePolicyRequired: boolean;
}

const principals: RequestPrincipal[] = [
  { arn: `arn:aws:iam::${A}:user/alice`, accountId: A, type: 'IAMUser', userId: 'AIDAEXAMPLEALICE00001' },
  { arn: `arn:aws:sts::${A}:assumed-role/app/s1`, accountId: A, type: 'AssumedRole', roleArn: ROLE, userId: 'AROAEXAMPLEAPPROLE001:s1' },
  { arn: `arn:aws:sts::${A}:federated-user/carol`, accountId: A, type: 'FederatedUser', federatedUserParentArn: `arn:aws:iam::${A}:user/bob` },
  { arn: `arn:aws:iam::${A}:root`, accountId: A, type: 'Root' },
  { arn: `arn:aws:iam::${B}:user/dave`, accountId: B, type: 'IAMUser' },
  { arn: '', accountId: '', type: 'Anonymous' },
];

const actionPattern = fc.constantFrom('*', '*', 's3:*', 's3:*', 's3:Get*', 's3:GetObject', 'iam:*', 'iam:GetUser', 's3:?utObject');
const resourcePattern = fc.constantFrom(
  '*',
  '*',
  '*',
  'arn:aws:s3:::bucket/*',
  'arn:aws:s3:::other/*',
  `arn:aws:iam::${A}:user/*`,
  'arn:aws:s3:::${aws:username}/*',
);
const principalSpec = fc.constantFrom<unknown>(
  '*',
  { AWS: A },
  { AWS: `arn:aws:iam::${A}:user/alice` },
  { AWS: ROLE },
  { AWS: `arn:aws:sts::${A}:assumed-role/app/s1` },
  { AWS: B },
);
const condition = fc.constantFrom<unknown>(
  undefined,
  undefined,
  undefined,
  undefined,
  undefined,
  { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { 'ForAllValues:StringLike': { 'aws:TagKeys': 'team*' } },
  { StringNotEqualsIfExists: { 'aws:username': 'alice' } },
  { DateLessThan: { 'aws:CurrentTime': '2026-06-01T00:00:00Z' } },
);

function statement(withPrincipal: boolean): fc.Arbitrary<Stmt> {
  return fc
    .record({
      effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Allow', 'Allow', 'Deny'),
      negateAction: fc.boolean(),
      actions: fc.array(actionPattern, { minLength: 1, maxLength: 2 }),
      negateResource: fc.constantFrom(false, false, true),
      resources: fc.array(resourcePattern, { minLength: 1, maxLength: 2 }),
      principal: principalSpec,
      condition,
    })
    .map((r) => {
      const s: Stmt = { Effect: r.effect };
      s[r.negateAction ? 'NotAction' : 'Action'] = r.actions;
      s[r.negateResource ? 'NotResource' : 'Resource'] = r.resources;
      if (withPrincipal) s['Principal'] = r.principal;
      if (r.condition !== undefined) s['Condition'] = r.condition;
      return s;
    });
}

const doc = (withPrincipal = false): fc.Arbitrary<Doc> =>
  fc.array(statement(withPrincipal), { minLength: 1, maxLength: 3 }).map((Statement) => ({ Version: '2012-10-17' as const, Statement }));

/** An organization level: usually the full-access guardrail plus random statements. */
const level = (withPrincipal: boolean): fc.Arbitrary<Doc[]> =>
  fc
    .tuple(fc.boolean(), fc.array(doc(withPrincipal), { maxLength: 2 }))
    .map(([full, docs]) =>
      full
        ? [
            { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', ...(withPrincipal ? { Principal: '*' } : {}) }] },
            ...docs,
          ]
        : docs,
    );

/** Present in about a third of the cases. */
const sometimes = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const layers: fc.Arbitrary<Layers> = fc
  .record({
    identity: fc.array(doc(), { maxLength: 3 }),
    resource: sometimes(doc(true)),
    boundary: sometimes(doc()),
    session: sometimes(fc.array(doc(), { minLength: 1, maxLength: 2 })),
    scpLevels: sometimes(fc.array(level(false), { minLength: 1, maxLength: 2 })),
    rcpLevels: sometimes(fc.array(level(true), { minLength: 1, maxLength: 2 })),
    resourcePolicyRequired: fc.constantFrom(false, false, false, true),
  })
  .map((l) => {
    const out: Layers = { identity: l.identity, resourcePolicyRequired: l.resourcePolicyRequired };
    if (l.resource) out.resource = l.resource;
    if (l.boundary) out.boundary = l.boundary;
    if (l.session) out.session = l.session;
    if (l.scpLevels) out.scpLevels = l.scpLevels;
    if (l.rcpLevels) out.rcpLevels = l.rcpLevels;
    return out;
  });

const request: fc.Arbitrary<AuthzRequest> = fc.record({
  principal: fc.constantFrom(...principals),
  action: fc.constantFrom('s3:GetObject', 's3:PutObject', 'iam:GetUser'),
  resource: fc.constantFrom(
    { arn: 'arn:aws:s3:::bucket/key', accountId: A },
    { arn: 'arn:aws:s3:::alice/notes', accountId: A },
    { arn: `arn:aws:iam::${A}:user/bob`, accountId: A },
  ),
  context: fc.record({
    'aws:PrincipalTag/team': fc.constantFrom('blue', 'red'),
    'aws:SecureTransport': fc.boolean(),
    'aws:SourceIp': fc.constantFrom('10.1.2.3', '192.0.2.1'),
    'aws:TagKeys': fc.constantFrom<string[]>([], ['team'], ['team', 'cost']),
    'aws:username': fc.constantFrom('alice', 'bob'),
    'aws:CurrentTime': fc.constantFrom('2026-01-01T00:00:00Z', '2026-11-21T19:00:00Z'),
  }),
});

function compileLayers(l: Layers): ApplicablePolicies {
  let n = 0;
  const c = (d: Doc, type: PolicyType): CompiledPolicy => compilePolicy(normalizePolicy(d), { id: `p${n++}`, type });
  const out: { -readonly [K in keyof ApplicablePolicies]: ApplicablePolicies[K] } = {
    identity: l.identity.map((d) => c(d, 'identity')),
    resourcePolicyRequired: l.resourcePolicyRequired,
  };
  if (l.resource) out.resource = c(l.resource, 'resource');
  if (l.boundary) out.boundary = c(l.boundary, 'boundary');
  if (l.session) out.session = l.session.map((d) => c(d, 'session'));
  if (l.scpLevels) out.scpLevels = l.scpLevels.map((lv) => lv.map((d) => c(d, 'scp')));
  if (l.rcpLevels) out.rcpLevels = l.rcpLevels.map((lv) => lv.map((d) => c(d, 'rcp')));
  return out;
}

/** Every document of the layers, paired with whether its statements carry a Principal. */
function documents(l: Layers): [Doc, boolean][] {
  const out: [Doc, boolean][] = l.identity.map((d) => [d, false]);
  if (l.resource) out.push([l.resource, true]);
  if (l.boundary) out.push([l.boundary, false]);
  for (const d of l.session ?? []) out.push([d, false]);
  for (const d of l.scpLevels?.flat() ?? []) out.push([d, false]);
  for (const d of l.rcpLevels?.flat() ?? []) out.push([d, true]);
  return out;
}

const clone = (l: Layers): Layers => structuredClone(l);
const RUNS = { numRuns: 300 };

describe('evaluation properties', () => {
  it('adding a Deny statement never turns a Deny into an Allow', () => {
    fc.assert(
      fc.property(layers, request, fc.nat(), statement(true), (l, req, pick, extra) => {
        const before = evaluate(req, compileLayers(l));
        const docs = documents(l);
        fc.pre(docs.length > 0);
        const changed = clone(l);
        const [target, withPrincipal] = documents(changed)[pick % docs.length]!;
        const deny: Stmt = { ...extra, Effect: 'Deny' };
        if (!withPrincipal) delete deny['Principal'];
        target.Statement.push(deny);
        const after = evaluate(req, compileLayers(changed));
        if (before.decision === 'Deny') assert.equal(after.decision, 'Deny');
      }),
      RUNS,
    );
  });

  it('removing an Allow statement never turns a Deny into an Allow', () => {
    fc.assert(
      fc.property(layers, request, fc.nat(), fc.nat(), (l, req, pickDoc, pickStatement) => {
        const before = evaluate(req, compileLayers(l));
        const changed = clone(l);
        const withAllow = documents(changed).filter(([d]) => d.Statement.some((s) => s['Effect'] === 'Allow'));
        fc.pre(withAllow.length > 0);
        const [target] = withAllow[pickDoc % withAllow.length]!;
        const allowIndexes = target.Statement.flatMap((s, i) => (s['Effect'] === 'Allow' ? [i] : []));
        target.Statement.splice(allowIndexes[pickStatement % allowIndexes.length]!, 1);
        const after = evaluate(req, compileLayers(changed));
        if (before.decision === 'Deny') assert.equal(after.decision, 'Deny');
      }),
      RUNS,
    );
  });

  it('decisions are deterministic, also across recompilation', () => {
    fc.assert(
      fc.property(layers, request, (l, req) => {
        const compiled = compileLayers(l);
        const first = evaluate(req, compiled);
        assert.deepEqual(evaluate(req, compiled), first);
        assert.deepEqual(evaluate(req, compileLayers(l)), first);
      }),
      RUNS,
    );
  });

  it('a matching Deny always yields ExplicitlyDenied, and only a matching Deny does', () => {
    fc.assert(
      fc.property(layers, request, (l, req) => {
        const decision = evaluate(req, compileLayers(l));
        const denied = decision.matchedStatements.some((s) => s.effect === 'Deny');
        assert.equal(decision.result === 'ExplicitlyDenied', denied);
        assert.equal(decision.decision === 'Allow', decision.result === 'Allowed');
        assert.equal(decision.blockedBy.length === 0, decision.result === 'Allowed');
      }),
      RUNS,
    );
  });

  it('a Deny of everything to everyone in the resource policy always denies explicitly', () => {
    fc.assert(
      fc.property(layers, request, (l, req) => {
        const changed = clone(l);
        const deny = { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' };
        if (changed.resource) changed.resource.Statement.push(deny);
        else changed.resource = { Version: '2012-10-17', Statement: [deny] };
        const decision = evaluate(req, compileLayers(changed));
        assert.equal(decision.result, 'ExplicitlyDenied');
        assert.ok(decision.blockedBy.includes('resource'));
      }),
      RUNS,
    );
  });

  it('never throws, whatever strings the policy and the request hold', () => {
    const text = fc.string({ maxLength: 24 });
    const loose = fc.record({
      Effect: fc.constantFrom('Allow', 'Deny'),
      Action: fc.array(fc.oneof(text, actionPattern), { maxLength: 2 }),
      Resource: fc.array(
        fc.oneof(
          text,
          resourcePattern,
          text.map((t) => `arn:aws:s3:::${t}`),
        ),
        { maxLength: 2 },
      ),
      Principal: fc.oneof(fc.constant('*'), fc.record({ AWS: fc.array(text, { maxLength: 2 }), Federated: text, Service: text })),
      Condition: fc.dictionary(
        fc.oneof(text, fc.constantFrom('StringLike', 'ArnLike', 'IpAddress', 'DateLessThan', 'ForAnyValue:NumericEquals', 'Null')),
        fc.dictionary(text, fc.array(text, { maxLength: 2 }), { maxKeys: 2 }),
        { maxKeys: 2 },
      ),
    });
    fc.assert(
      fc.property(
        fc.array(loose, { maxLength: 3 }),
        text,
        text,
        fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 2 }))),
        (statements, action, resource, context) => {
          const document = { Version: '2012-10-17', Statement: statements };
          const identity = compilePolicy(normalizePolicy(document), { id: 'i', type: 'identity' });
          const resourcePolicy = compilePolicy(normalizePolicy(document), { id: 'r', type: 'resource' });
          const decision = evaluate(
            { principal: principals[0]!, action, resource: { arn: resource, accountId: A }, context },
            { identity: [identity], resource: resourcePolicy },
          );
          assert.ok(['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied'].includes(decision.result));
        },
      ),
      RUNS,
    );
  });
});
