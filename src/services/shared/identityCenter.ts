import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { InstanceSettings, OrganizationRecord, SsoInstanceRecord, SsoTag, Store } from '../../store/index.js';
import { hasServiceAccess, isDelegatedAdministrator } from './organizationFacts.js';

/**
 * What the services of IAM Identity Center share: how an instance comes to exist, its IDs and
 * ARNs, the SAML provider it trusts in every account it provisions roles to, and who may
 * administer it.
 *
 * AWS: IAM Identity Center User Guide, "Organization and account instances of IAM Identity
 * Center": an organization instance is enabled in the management account (the console's Enable,
 * which also enables trusted access for `sso.amazonaws.com`), and may be administered from a
 * delegated administrator account; an account instance (CreateInstance) belongs to one standalone
 * or member account and cannot give access to AWS accounts.
 */

/** The service principal of IAM Identity Center (trusted access, delegated administration). */
export const SSO_SERVICE_PRINCIPAL = 'sso.amazonaws.com';

/** AWS: new instances prompt for MFA at every sign-in and make users without a device register one; sessions last 8 hours. */
export const DEFAULT_INSTANCE_SETTINGS: InstanceSettings = {
  mfaMode: 'ALWAYS_ON',
  noDeviceBehavior: 'REQUIRE_REGISTRATION',
  sessionDurationSeconds: 8 * 3600,
};

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** `arn:aws:sso:::instance/ssoins-…`. */
export function instanceArn(instanceId: string): string {
  return `arn:aws:sso:::instance/${instanceId}`;
}

/** `arn:aws:sso:::permissionSet/ssoins-…/ps-…`. */
export function permissionSetArn(instanceId: string, permissionSetId: string): string {
  return `arn:aws:sso:::permissionSet/${instanceId}/${permissionSetId}`;
}

/** `arn:aws:sso:::account/123456789012`, the resource of an assignment's target. */
export function ssoAccountArn(accountId: string): string {
  return `arn:aws:sso:::account/${accountId}`;
}

/** `arn:aws:identitystore::<owner>:identitystore/d-…`. */
export function identityStoreArn(instance: Pick<SsoInstanceRecord, 'ownerAccountId' | 'identityStoreId'>): string {
  return `arn:aws:identitystore::${instance.ownerAccountId}:identitystore/${instance.identityStoreId}`;
}

/**
 * The name of the SAML provider the instance's roles trust, in every account it provisions to.
 * AWS: `AWSSSO_<16 hex digits>_DO_NOT_DELETE` (IAM Identity Center User Guide, "Referencing
 * permission sets in resource policies …": roles trust this provider).
 */
export function samlProviderName(instance: Pick<SsoInstanceRecord, 'instanceId'>): string {
  return `AWSSSO_${instance.instanceId.slice(-16)}_DO_NOT_DELETE`;
}

/** The ARN of the instance's SAML provider in `accountId`. */
export function samlProviderArn(instance: Pick<SsoInstanceRecord, 'instanceId'>, accountId: string): string {
  return `arn:aws:iam::${accountId}:saml-provider/${samlProviderName(instance)}`;
}

/** The entity ID the instance signs SAML assertions as. */
export function samlEntityId(instance: Pick<SsoInstanceRecord, 'instanceId'>, region: string): string {
  return `https://portal.sso.${region}.amazonaws.com/saml/assertion/${Buffer.from(instance.instanceId).toString('base64url')}`;
}

/** AWS: the audience of IAM Identity Center's assertions, which the roles' trust policies require (`SAML:aud`). */
export const SAML_AUDIENCE = 'https://signin.aws.amazon.com/saml';

/** The instance's IdP metadata: its entity ID and signing certificate. */
export function instanceSamlMetadata(instance: Pick<SsoInstanceRecord, 'instanceId' | 'samlCertificate'>, region: string): string {
  const der = instance.samlCertificate.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${samlEntityId(instance, region)}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${der}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
`;
}

/** A fresh RSA-2048 signing key and a self-signed certificate for it, valid ten years. */
async function samlSigningKey(subject: string, now: Date): Promise<{ certificatePem: string; privateKeyPem: string }> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: hex(8),
    name: `CN=${subject}`,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + 10 * 365 * 86_400_000),
    signingAlgorithm: algorithm,
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return {
    certificatePem: cert.toString('pem'),
    privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`,
  };
}

export interface NewInstanceRequest {
  readonly ownerAccountId: string;
  readonly organizationId: string | null;
  readonly name: string | null;
  readonly tags: readonly SsoTag[];
}

/**
 * Creates an instance with its identity store and SAML signing key.
 * AWS: instance IDs are `ssoins-` and 16 hex digits, identity store IDs `d-` and 10.
 */
export async function createIdentityCenterInstance(store: Store, now: Date, request: NewInstanceRequest): Promise<SsoInstanceRecord> {
  const instanceId = `ssoins-${hex(8)}`;
  const identityStoreId = `d-${hex(5)}`;
  const { certificatePem, privateKeyPem } = await samlSigningKey(`IAM Identity Center ${instanceId}`, now);
  return store.ssoInstances.create({
    instanceId,
    arn: instanceArn(instanceId),
    identityStoreId,
    ownerAccountId: request.ownerAccountId,
    organizationId: request.organizationId,
    name: request.name,
    status: 'ACTIVE',
    settings: DEFAULT_INSTANCE_SETTINGS,
    tags: request.tags,
    samlCertificate: certificatePem,
    samlPrivateKey: privateKeyPem,
    createdAt: now.toISOString(),
  });
}

/**
 * The organization's instance, created if it has none: what enabling trusted access for IAM
 * Identity Center in the management account does (Gatehouse's stand-in for the console's Enable).
 */
export async function ensureOrganizationInstance(store: Store, now: Date, org: OrganizationRecord): Promise<SsoInstanceRecord> {
  const existing = await store.ssoInstances.byOrganization(org.id);
  if (existing !== undefined) return existing;
  // The management account's own account instance (made while it stood alone) becomes the organization's.
  const own = await store.ssoInstances.byOwner(org.managementAccountId);
  if (own !== undefined) return (await store.ssoInstances.update(own.instanceId, { organizationId: org.id }))!;
  return createIdentityCenterInstance(store, now, { ownerAccountId: org.managementAccountId, organizationId: org.id, name: null, tags: [] });
}

/** How an account may work with an instance: as its owner, or as the organization's delegated administrator. */
export type InstanceRole = 'owner' | 'delegated-administrator';

/**
 * Whether `accountId` may administer `instance`, and how: its own (the management account's for
 * an organization instance), or the organization's delegated administrator for IAM Identity
 * Center while trusted access stays enabled. Undefined: not at all.
 */
export async function instanceRoleOf(store: Store, instance: SsoInstanceRecord, accountId: string): Promise<InstanceRole | undefined> {
  if (instance.ownerAccountId === accountId) return 'owner';
  if (instance.organizationId === null) return undefined;
  const org = await store.organizations.get(instance.organizationId);
  if (org === undefined) return undefined;
  const scope = { store };
  if (!(await hasServiceAccess(scope, org, SSO_SERVICE_PRINCIPAL))) return undefined;
  return (await isDelegatedAdministrator(scope, org, accountId, SSO_SERVICE_PRINCIPAL)) ? 'delegated-administrator' : undefined;
}

/** The instances `accountId` may administer (its own, and its organization's when it is the delegated administrator). */
export async function instancesOf(store: Store, accountId: string): Promise<SsoInstanceRecord[]> {
  const found: SsoInstanceRecord[] = [];
  const own = await store.ssoInstances.byOwner(accountId);
  if (own !== undefined) found.push(own);
  const account = await store.accounts.get(accountId);
  if (account?.organizationId != null) {
    const orgInstance = await store.ssoInstances.byOrganization(account.organizationId);
    if (orgInstance !== undefined && orgInstance.instanceId !== own?.instanceId && (await instanceRoleOf(store, orgInstance, accountId)) !== undefined) {
      found.push(orgInstance);
    }
  }
  return found;
}
