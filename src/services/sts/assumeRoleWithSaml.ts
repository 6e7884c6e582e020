import { ServiceError } from '../../errors.js';
import { ANONYMOUS, parseArn } from '../../model/index.js';
import { nameQualifier, readSamlAssertion, samlConditionKeys } from '../../auth/index.js';
import type { SamlAssertionFacts } from '../../auth/index.js';
import { SamlSignatureError, verifySamlResponse } from '../../auth/index.js';
import type { VerifiedSamlResponse } from '../../auth/index.js';
import { samlProviderTrust } from '../../auth/index.js';
import type { ContextValue, OperationContext } from '../operation.js';
import { defineOperation, readOncePerCall } from '../operation.js';
import { roleChainingDuration } from './assumeRoleRules.js';
import { findRole } from '../shared/index.js';
import type { PolicyDescriptor } from '../shared/index.js';
import { federatedCaller, federatedNeeds, federatedSessionTags, issueFederatedSession, notAuthorized, roleAccount } from './federatedSession.js';
import type { FederatedAsk, FederatedSessionOutput } from './federatedSession.js';

/**
 * STS `AssumeRoleWithSAML`: a role session for the subject of a SAML 2.0 response signed by an IdP
 * registered as a SAML provider.
 *
 * AWS: STS API reference, AssumeRoleWithSAML; id_roles_providers_create_saml_assertions;
 * troubleshoot_saml (error messages); reference_policies_iam-condition-keys#condition-keys-saml.
 */

export interface AssumeRoleWithSamlInput {
  RoleArn: string;
  PrincipalArn: string;
  SAMLAssertion: string;
  PolicyArns?: PolicyDescriptor[];
  Policy?: string;
  DurationSeconds?: number;
}

interface AssumeRoleWithSamlOutput extends FederatedSessionOutput {
  Subject: string;
  SubjectType: string;
  Issuer: string;
  Audience: string;
  NameQualifier: string;
}

const ACTION = 'sts:AssumeRoleWithSAML';

function invalid(message: string): ServiceError {
  return new ServiceError('InvalidIdentityToken', message);
}

/** The SAMLResponse XML from its base64 form; InvalidIdentityToken when it is not base64 text. */
function decodeResponse(assertion: string): string {
  const compact = assertion.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw invalid('Invalid base64 SAMLResponse');
  return Buffer.from(compact, 'base64').toString('utf8');
}

interface VerifiedSaml extends FederatedAsk {
  readonly facts: SamlAssertionFacts;
  readonly qualifier: string;
}

/**
 * The assertion verified against the SAML provider's certificates (the call's own signature check:
 * the call is unsigned), the caller named for the audit record, and what it asks of the role's
 * trust policy. Read once per call.
 */
function verifyCall(input: AssumeRoleWithSamlInput, ctx: OperationContext): Promise<VerifiedSaml> {
  return readOncePerCall(ctx, 'saml', async () => {
    const accountId = roleAccount(input.RoleArn);
    if (accountId === undefined) throw notAuthorized(ACTION);
    const providerArn = parseArn(input.PrincipalArn);
    const trust = providerArn?.resource.startsWith('saml-provider/') ? await samlProviderTrust(ctx.store, input.PrincipalArn) : undefined;
    if (providerArn === undefined || trust === undefined) throw invalid("Specified provider doesn't exist.");
    if (trust.validUntil.getTime() <= ctx.now.getTime()) throw invalid('The metadata of the specified provider has expired (ValidUntil).');

    let verified: VerifiedSamlResponse;
    try {
      verified = verifySamlResponse(decodeResponse(input.SAMLAssertion), trust.signingCertificates);
    } catch (err) {
      if (err instanceof SamlSignatureError) throw invalid('Response signature invalid');
      throw err;
    }
    const facts = readSamlAssertion(verified, ctx.now);
    // AWS: "Issuer not present in specified provider" (troubleshoot_saml).
    if (facts.issuer !== trust.entityId) throw invalid('Issuer not present in specified provider');
    // AWS: the Role attribute must pair this role with this provider (troubleshoot_saml); an
    // assertion that does not is refused like a trust policy that does not allow.
    const paired = facts.roles.some((p) => p.role === input.RoleArn && p.provider === input.PrincipalArn);
    if (!paired) throw notAuthorized(ACTION);

    const providerName = providerArn.resource.slice('saml-provider/'.length);
    const qualifier = nameQualifier(facts.issuer, providerArn.accountId, providerName);
    const principalId = `${qualifier}:${facts.subject}`;
    ctx.identifyCaller?.({ type: 'SAMLUser', principalId, userName: facts.subject, identityProvider: qualifier, accountId });
    const checked = federatedSessionTags({ tags: facts.principalTags, transitiveTagKeys: facts.transitiveTagKeys, sourceIdentity: facts.sourceIdentity });
    const context: Record<string, ContextValue> = samlConditionKeys(facts, providerArn.accountId, providerName);
    context['sts:RoleSessionName'] = facts.roleSessionName;
    if (checked.sessionTags !== undefined) {
      context['aws:TagKeys'] = Object.keys(checked.sessionTags);
      for (const [key, value] of Object.entries(checked.sessionTags)) context[`aws:RequestTag/${key}`] = value;
    }
    if (checked.transitiveTagKeys.length > 0) context['sts:TransitiveTagKeys'] = checked.transitiveTagKeys;
    if (facts.sourceIdentity !== undefined) context['sts:SourceIdentity'] = facts.sourceIdentity;
    // AWS: a role that does not exist (or whose account is closed) is refused as one the trust policy does not allow.
    const role = await findRole(ctx, input.RoleArn);
    if (role === undefined) throw notAuthorized(ACTION);
    return {
      caller: federatedCaller('SAMLUser', input.PrincipalArn, principalId),
      action: ACTION,
      role,
      context,
      tagged: checked.sessionTags !== undefined,
      sourceIdentity: facts.sourceIdentity !== undefined,
      facts,
      qualifier,
    };
  });
}

/** STS `AssumeRoleWithSAML`, as the STS API reference defines it (unsigned; the role's trust policy decides). */
export const AssumeRoleWithSAML = defineOperation<AssumeRoleWithSamlInput, AssumeRoleWithSamlOutput>({
  service: 'sts',
  name: 'AssumeRoleWithSAML',
  readOnly: true,
  authorize: async (input, ctx) => federatedNeeds(await verifyCall(input, ctx)),
  handle: async (input, ctx) => {
    const { facts, qualifier, role } = await verifyCall(input, ctx);
    // AWS: the session lasts DurationSeconds or until SessionNotOnOrAfter, whichever is shorter.
    let duration = roleChainingDuration(ANONYMOUS, role, input.DurationSeconds);
    if (facts.sessionNotOnOrAfter !== undefined) {
      duration = Math.min(duration, Math.floor((facts.sessionNotOnOrAfter.getTime() - ctx.now.getTime()) / 1000));
    }
    const session = await issueFederatedSession(ctx, {
      role,
      sessionName: facts.roleSessionName,
      provider: input.PrincipalArn,
      durationSeconds: duration,
      policy: input.Policy,
      policyArns: input.PolicyArns,
      tags: facts.principalTags,
      transitiveTagKeys: facts.transitiveTagKeys,
      sourceIdentity: facts.sourceIdentity,
    });
    return {
      ...session,
      Subject: facts.subject,
      SubjectType: facts.subjectType,
      Issuer: facts.issuer,
      Audience: facts.recipient,
      NameQualifier: qualifier,
    };
  },
});
