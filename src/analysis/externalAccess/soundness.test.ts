import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compilePolicy } from '../../policy/compile.js';
import { evaluate } from '../../policy/evaluate.js';
import { normalizePolicy } from '../../policy/normalize.js';
import type { AuthzRequest, RequestPrincipal } from '../../policy/request.js';
import { analyzeExternalAccess } from './externalAccess.js';
import type { ExternalAccess, ZoneOfTrust } from './types.js';

/**
 * The external access analysis never misses an access, with the policy engine as the oracle: for
 * random role trust policies and random callers outside the zone of trust (with consistent
 * request context: their own account, their organization, a network, an external ID, each
 * calling the action its kind assumes a role with), whenever
 * the engine lets such a caller assume the role, the analysis reports an access that names the
 * caller (its account, its ARN, its identity provider, or anyone) and the action.
 */

const A = '111122223333';
const B = '444455556666';
const C = '777788889999';
const ORG = 'o-aaaaaaaaaa';
const OTHER_ORG = 'o-cccccccccc';
/** Accounts A and B are in ORG; C in OTHER_ORG. */
const ORG_OF: Readonly<Record<string, string>> = { [A]: ORG, [B]: ORG, [C]: OTHER_ORG };
const ROLE = `arn:aws:iam::${A}:role/target`;

const ZONES: readonly ZoneOfTrust[] = [{ accounts: new Set([A]) }, { accounts: new Set([A, B]), organizationId: ORG }];

/** Callers outside both zones, or outside the account zone only (B). */
const CALLERS: readonly RequestPrincipal[] = [
  { arn: `arn:aws:iam::${B}:user/dave`, accountId: B, type: 'IAMUser', userId: 'AIDAEXAMPLEDAVE000001' },
  { arn: `arn:aws:sts::${B}:assumed-role/ops/s`, accountId: B, type: 'AssumedRole', roleArn: `arn:aws:iam::${B}:role/ops`, userId: 'AROAEXAMPLEOPSROLE001:s' },
  { arn: `arn:aws:iam::${C}:root`, accountId: C, type: 'Root' },
  { arn: `arn:aws:iam::${C}:user/eve`, accountId: C, type: 'IAMUser', userId: 'AIDAEXAMPLEEVE0000001' },
  { arn: 'accounts.google.com', accountId: '', type: 'WebIdentityUser', federatedProvider: 'accounts.google.com' },
  {
    arn: `arn:aws:iam::${A}:oidc-provider/token.example.com`,
    accountId: '',
    type: 'WebIdentityUser',
    federatedProvider: `arn:aws:iam::${A}:oidc-provider/token.example.com`,
  },
];

const PRINCIPALS = [
  { AWS: A },
  { AWS: B },
  { AWS: `arn:aws:iam::${B}:root` },
  { AWS: `arn:aws:iam::${B}:role/ops` },
  { AWS: `arn:aws:iam::${C}:user/eve` },
  { AWS: '*' },
  { AWS: [B, C] },
  { Federated: 'accounts.google.com' },
  { Federated: `arn:aws:iam::${A}:oidc-provider/token.example.com` },
  { Service: 'ec2.amazonaws.com' },
];
const ACTIONS = ['sts:AssumeRole', 'sts:AssumeRole*', 'sts:*', 'sts:AssumeRoleWithWebIdentity', ['sts:AssumeRole', 'sts:TagSession']];
const CONDITIONS: readonly (Record<string, Record<string, unknown>> | undefined)[] = [
  undefined,
  undefined,
  { StringEquals: { 'aws:PrincipalAccount': A } },
  { StringEquals: { 'aws:PrincipalAccount': [B, C] } },
  { StringEquals: { 'aws:PrincipalOrgID': ORG } },
  { StringEquals: { 'aws:PrincipalOrgID': OTHER_ORG } },
  { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
  { StringNotEqualsIfExists: { 'aws:PrincipalAccount': [A, B] } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { StringEquals: { 'sts:ExternalId': 'shared-secret' } },
  { StringEquals: { 'accounts.google.com:aud': 'app-1' } },
  { StringEqualsIfExists: { 'aws:PrincipalOrgID': ORG } },
];

const statement = fc
  .record({
    effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
    principal: fc.constantFrom(...PRINCIPALS),
    action: fc.constantFrom(...ACTIONS),
    condition: fc.constantFrom(...CONDITIONS),
  })
  .map((s) => ({ Effect: s.effect, Principal: s.principal, Action: s.action, ...(s.condition !== undefined ? { Condition: s.condition } : {}) }));

const trustPolicy = fc.array(statement, { minLength: 1, maxLength: 3 }).map((Statement) => ({ Version: '2012-10-17', Statement }));

const request = fc
  .record({
    caller: fc.constantFrom(...CALLERS),
    sourceIp: fc.constantFrom('10.1.2.3', '203.0.113.5', undefined),
    externalId: fc.constantFrom('shared-secret', 'guess', undefined),
    aud: fc.constantFrom('app-1', 'app-2'),
  })
  .map((r): AuthzRequest => {
    const context: Record<string, string> = {};
    if (r.caller.accountId !== '') {
      context['aws:PrincipalAccount'] = r.caller.accountId;
      context['aws:PrincipalOrgID'] = ORG_OF[r.caller.accountId]!;
    }
    if (r.sourceIp !== undefined) context['aws:SourceIp'] = r.sourceIp;
    if (r.externalId !== undefined) context['sts:ExternalId'] = r.externalId;
    if (r.caller.type === 'WebIdentityUser') context[`${r.caller.federatedProvider!.split('oidc-provider/').pop()}:aud`] = r.aud;
    // AWS: an AWS principal assumes a role with AssumeRole; an identity provider's user with AssumeRoleWithWebIdentity.
    const action = r.caller.type === 'WebIdentityUser' ? 'sts:AssumeRoleWithWebIdentity' : 'sts:AssumeRole';
    return { principal: r.caller, action, resource: { arn: ROLE, accountId: A }, context };
  });

const ALLOW_ALL = compilePolicy(normalizePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }), {
  id: 'allow-all',
  type: 'identity',
});

function allowed(policy: object, r: AuthzRequest): boolean {
  const compiled = compilePolicy(normalizePolicy(policy), { id: 'trust', type: 'trust' });
  return evaluate(r, { identity: [ALLOW_ALL], session: [ALLOW_ALL], resource: compiled, resourcePolicyRequired: true }).decision === 'Allow';
}

/** Whether a reported access names the caller. */
function names(access: ExternalAccess, caller: RequestPrincipal): boolean {
  const [kind, value] = Object.entries(access.principal)[0]!;
  if (kind === 'AWS') return value === '*' || value === caller.accountId || value === caller.arn || value === caller.roleArn;
  if (kind === 'Federated') return value === caller.federatedProvider;
  return false;
}

describe('external access analysis, with the engine as the oracle', () => {
  it('never misses an access: every caller outside the zone the engine lets assume the role is named in a reported access', () => {
    let allowedOutside = 0;
    fc.assert(
      fc.property(trustPolicy, request, fc.constantFrom(...ZONES), (policy, r, zone) => {
        if (r.principal.accountId !== '' && zone.accounts.has(r.principal.accountId)) return;
        if (!allowed(policy, r)) return;
        allowedOutside++;
        const result = analyzeExternalAccess({ resourceType: 'AWS::IAM::Role', resourceArn: ROLE, ownerAccount: A, policy: JSON.stringify(policy) }, zone);
        assert.ok('accesses' in result);
        const covering = result.accesses.filter((a) => names(a, r.principal) && a.action.includes(r.action));
        assert.ok(covering.length > 0, `missed: ${r.principal.arn} ${r.action} under ${JSON.stringify(policy)}; reported ${JSON.stringify(result.accesses)}`);
      }),
      { numRuns: 3000 },
    );
    assert.ok(allowedOutside > 200, `only ${allowedOutside} allowed external requests were drawn`);
  });
});
