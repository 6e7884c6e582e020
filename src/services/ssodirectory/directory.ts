import { randomBytes, createHash } from 'node:crypto';
import { ServiceError } from '../../errors.js';
import type { InstanceSettings, SsoInstanceRecord } from '../../store/index.js';
import { defineOperation, readOncePerCall, type AuthorizationNeed, type Operation, type OperationContext } from '../operation.js';
import { hashPassword, identityStoreArn, instanceRoleOf, readIdpMetadata } from '../shared/index.js';

/**
 * The directory operations of IAM Identity Center that AWS's console calls through unpublished
 * APIs, as Gatehouse's own `sso-directory` model (GatehouseSSODirectory, awsJson 1.1): a user's
 * password (one-time or permanent) and MFA devices, the instance's sign-in settings (MFA, session
 * duration), SCIM bearer tokens, and an external SAML 2.0 identity provider as the identity
 * source. Each is authorized as the IAM action of the same name AWS uses
 * (`sso-directory:UpdatePassword`, `sso:UpdateSSOConfiguration` …), on the identity store or
 * instance, in the caller's own account; the callers are the instance's owner and the
 * organization's delegated administrator.
 */

const notFound = (message: string) => new ServiceError('ResourceNotFoundException', message, {}, 400);
const validation = (message: string) => new ServiceError('ValidationException', message);

/** The instance of an identity store the caller may administer. */
function byStore(ctx: OperationContext, identityStoreId: string): Promise<SsoInstanceRecord> {
  return readOncePerCall(ctx, `directory-store\n${identityStoreId}`, async () => {
    const instance = await ctx.store.ssoInstances.byIdentityStore(identityStoreId);
    if (instance === undefined || (await instanceRoleOf(ctx.store, instance, ctx.principal.accountId)) === undefined) {
      throw notFound(`Identity store ${identityStoreId} does not exist.`);
    }
    return instance;
  });
}

/** The instance an ARN names, when the caller may administer it. */
function byArn(ctx: OperationContext, instanceArn: string): Promise<SsoInstanceRecord> {
  return readOncePerCall(ctx, `directory-instance\n${instanceArn}`, async () => {
    const id = /^arn:aws:sso:::instance\/(ssoins-[a-f0-9]{16})$/.exec(instanceArn)?.[1];
    const instance = id === undefined ? undefined : await ctx.store.ssoInstances.get(id);
    if (instance === undefined || (await instanceRoleOf(ctx.store, instance, ctx.principal.accountId)) === undefined) {
      throw notFound(`Instance ${instanceArn} does not exist.`);
    }
    return instance;
  });
}

function storeNeed(action: string) {
  return (input: { IdentityStoreId: string; UserId?: string }, ctx: OperationContext): AuthorizationNeed[] => {
    const store = identityStoreArn({ ownerAccountId: ctx.principal.accountId, identityStoreId: input.IdentityStoreId });
    const resources = [store, ...(input.UserId !== undefined ? [`arn:aws:identitystore:::user/${input.UserId}`] : [])];
    return resources.map((resource) => ({ action, resource, resourceAccountId: ctx.principal.accountId }));
  };
}

async function requireUser(ctx: OperationContext, instance: SsoInstanceRecord, userId: string) {
  const user = await ctx.store.identityStore.getUser(instance.identityStoreId, userId);
  if (user === undefined) throw notFound(`User ${userId} does not exist.`);
  return user;
}

/** A one-time password of 16 characters with every kind of character a password needs. */
function oneTimePassword(): string {
  const pick = (set: string) => set[randomBytes(1)[0]! % set.length]!;
  const body = randomBytes(12).toString('base64url').replace(/[-_]/g, '');
  return `${pick('ABCDEFGHJKLMNPQRSTUVWXYZ')}${pick('abcdefghijkmnopqrstuvwxyz')}${pick('23456789')}${pick('!#$%&*+=?@')}${body}`.slice(0, 16);
}

/**
 * The console's "Reset password": a password of the administrator's choosing, or a one-time
 * password Gatehouse makes (returned once) that the user must replace at the next sign-in.
 * AWS: IAM Identity Center passwords are 8–64 characters with an uppercase and a lowercase
 * letter, a number and a character that is not a letter or number.
 */
export const UpdatePassword = defineOperation<{ IdentityStoreId: string; UserId: string; Password?: string; RequireChangeAtNextSignIn?: boolean }>({
  service: 'sso-directory',
  name: 'UpdatePassword',
  readOnly: false,
  authorize: storeNeed('sso-directory:UpdatePassword'),
  prepare: async (input) => {
    const otp = input.Password === undefined ? oneTimePassword() : undefined;
    return { otp, hash: await hashPassword(input.Password ?? otp!) };
  },
  handle: async (input, ctx) => {
    const instance = await byStore(ctx, input.IdentityStoreId);
    const user = await requireUser(ctx, instance, input.UserId);
    const { otp, hash } = ctx.prepared as { otp?: string; hash: string };
    if (otp !== undefined) {
      await ctx.store.identityStore.setPassword(instance.identityStoreId, user.userId, hash, true);
      return { OneTimePassword: otp };
    }
    const p = input.Password!;
    if (!/[A-Z]/.test(p) || !/[a-z]/.test(p) || !/[0-9]/.test(p) || !/[^A-Za-z0-9]/.test(p)) {
      throw validation('The password must have an uppercase letter, a lowercase letter, a number and a character that is not a letter or number.');
    }
    await ctx.store.identityStore.setPassword(instance.identityStoreId, user.userId, hash, input.RequireChangeAtNextSignIn === true);
    return {};
  },
});

export const ListMfaDevicesForUser = defineOperation<{ IdentityStoreId: string; UserId: string }>({
  service: 'sso-directory',
  name: 'ListMfaDevicesForUser',
  readOnly: true,
  authorize: storeNeed('sso-directory:ListMfaDevicesForUser'),
  handle: async (input, ctx) => {
    const instance = await byStore(ctx, input.IdentityStoreId);
    const user = await requireUser(ctx, instance, input.UserId);
    const devices = await ctx.store.identityStore.listMfaDevices(instance.identityStoreId, user.userId);
    return { MfaDevices: devices.map((d) => ({ DeviceId: d.deviceId, DisplayName: d.name, MfaType: 'TOTP', RegisteredDate: new Date(d.createdAt) })) };
  },
});

/** For a user who lost their device: they register a new one at the next sign-in (when the instance requires it). */
export const DeleteMfaDeviceForUser = defineOperation<{ IdentityStoreId: string; UserId: string; DeviceId: string }>({
  service: 'sso-directory',
  name: 'DeleteMfaDeviceForUser',
  readOnly: false,
  authorize: storeNeed('sso-directory:DeleteMfaDeviceForUser'),
  handle: async (input, ctx) => {
    const instance = await byStore(ctx, input.IdentityStoreId);
    const user = await requireUser(ctx, instance, input.UserId);
    if (!(await ctx.store.identityStore.deleteMfaDevice(instance.identityStoreId, user.userId, input.DeviceId)))
      throw notFound(`MFA device ${input.DeviceId} does not exist.`);
    return {};
  },
});

function instanceNeed(action: string) {
  return (input: { InstanceArn: string }, ctx: OperationContext): AuthorizationNeed[] => [
    { action, resource: input.InstanceArn, resourceAccountId: ctx.principal.accountId },
  ];
}

export const GetSsoConfiguration = defineOperation<{ InstanceArn: string }>({
  service: 'sso-directory',
  name: 'GetSsoConfiguration',
  readOnly: true,
  authorize: instanceNeed('sso:GetSsoConfiguration'),
  handle: async (input, ctx) => {
    const { settings } = await byArn(ctx, input.InstanceArn);
    return {
      MfaMode: settings.mfaMode,
      NoMfaDeviceBehavior: settings.noDeviceBehavior,
      SessionDurationSeconds: settings.sessionDurationSeconds,
      IdentitySource: settings.externalIdp !== undefined ? 'EXTERNAL_IDP' : 'IDENTITY_CENTER',
    };
  },
});

/**
 * The console's MFA and session settings. AWS: "Configure MFA" (prompt for MFA every time,
 * only when the sign-in context changes, or never; users without a device register one at sign-in,
 * are blocked, or sign in without) and the access portal session duration (15 minutes to 90 days).
 */
export const UpdateSSOConfiguration = defineOperation<{
  InstanceArn: string;
  MfaMode?: InstanceSettings['mfaMode'];
  NoMfaDeviceBehavior?: InstanceSettings['noDeviceBehavior'];
  SessionDurationSeconds?: number;
}>({
  service: 'sso-directory',
  name: 'UpdateSSOConfiguration',
  readOnly: false,
  authorize: instanceNeed('sso:UpdateSSOConfiguration'),
  handle: async (input, ctx) => {
    const instance = await byArn(ctx, input.InstanceArn);
    const settings: InstanceSettings = {
      ...instance.settings,
      ...(input.MfaMode !== undefined ? { mfaMode: input.MfaMode } : {}),
      ...(input.NoMfaDeviceBehavior !== undefined ? { noDeviceBehavior: input.NoMfaDeviceBehavior } : {}),
      ...(input.SessionDurationSeconds !== undefined ? { sessionDurationSeconds: input.SessionDurationSeconds } : {}),
    };
    await ctx.store.ssoInstances.update(instance.instanceId, { settings });
    return {};
  },
});

/** AWS: a SCIM access token lasts one year; an identity store has at most two. */
const SCIM_TOKEN_SECONDS = 365 * 86_400;
const MAX_SCIM_TOKENS = 2;

/** Gatehouse's origin as the caller reached it. */
function originOf(ctx: OperationContext): string {
  const host = ctx.origin?.host ?? '';
  return `${ctx.origin?.secure === true ? 'https' : 'http'}://${/^[A-Za-z0-9.:[\]-]+$/.test(host) ? host : 'localhost'}`;
}

/** The SCIM 2.0 endpoint of an identity store, at the origin the caller reached. */
export function scimEndpoint(origin: string, identityStoreId: string): string {
  return `${origin}/_gatehouse/scim/${identityStoreId}/v2`;
}

/** The console's "Enable automatic provisioning": a SCIM endpoint and a bearer token for it (shown once). */
export const CreateBearerToken = defineOperation<{ IdentityStoreId: string }>({
  service: 'sso-directory',
  name: 'CreateBearerToken',
  readOnly: false,
  authorize: storeNeed('sso-directory:CreateBearerToken'),
  handle: async (input, ctx) => {
    const instance = await byStore(ctx, input.IdentityStoreId);
    if ((await ctx.store.ssoInstances.listScimTokens(instance.instanceId)).length >= MAX_SCIM_TOKENS) {
      throw new ServiceError('ServiceQuotaExceededException', `An identity store can have at most ${MAX_SCIM_TOKENS} SCIM access tokens.`, {}, 400);
    }
    const token = randomBytes(48).toString('base64url');
    const tokenId = randomBytes(16).toString('hex');
    const expiresAt = new Date(ctx.now.getTime() + SCIM_TOKEN_SECONDS * 1000);
    await ctx.store.ssoInstances.createScimToken({
      tokenId,
      instanceId: instance.instanceId,
      tokenHash: createHash('sha256').update(token).digest('hex'),
      createdAt: ctx.now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
    return {
      TokenId: tokenId,
      BearerToken: token,
      ScimEndpoint: scimEndpoint(originOf(ctx), instance.identityStoreId),
      CreatedAt: ctx.now,
      ExpiresAt: expiresAt,
    };
  },
});

export const ListBearerTokens = defineOperation<{ IdentityStoreId: string }>({
  service: 'sso-directory',
  name: 'ListBearerTokens',
  readOnly: true,
  authorize: storeNeed('sso-directory:ListBearerTokens'),
  handle: async (input, ctx) => {
    const instance = await byStore(ctx, input.IdentityStoreId);
    const tokens = await ctx.store.ssoInstances.listScimTokens(instance.instanceId);
    return { BearerTokens: tokens.map((t) => ({ TokenId: t.tokenId, CreatedAt: new Date(t.createdAt), ExpiresAt: new Date(t.expiresAt) })) };
  },
});

export const DeleteBearerToken = defineOperation<{ IdentityStoreId: string; TokenId: string }>({
  service: 'sso-directory',
  name: 'DeleteBearerToken',
  readOnly: false,
  authorize: storeNeed('sso-directory:DeleteBearerToken'),
  handle: async (input, ctx) => {
    const instance = await byStore(ctx, input.IdentityStoreId);
    if (!(await ctx.store.ssoInstances.deleteScimToken(instance.instanceId, input.TokenId))) throw notFound(`Token ${input.TokenId} does not exist.`);
    return {};
  },
});

/** Where an external IdP sends people back to, and who Gatehouse is to it (the service provider). */
export function serviceProvider(origin: string, identityStoreId: string): { entityId: string; acsUrl: string } {
  return { entityId: `${origin}/_gatehouse/sso/saml/${identityStoreId}`, acsUrl: `${origin}/_gatehouse/sso/saml/${identityStoreId}/acs` };
}

/** The console's "IAM Identity Center SAML metadata", to register Gatehouse with the external IdP. */
export const GetAWSSPConfigurationForDirectory = defineOperation<{ IdentityStoreId: string }>({
  service: 'sso-directory',
  name: 'GetAWSSPConfigurationForDirectory',
  readOnly: true,
  authorize: storeNeed('sso-directory:GetAWSSPConfigurationForDirectory'),
  handle: async (input, ctx) => {
    const instance = await byStore(ctx, input.IdentityStoreId);
    const sp = serviceProvider(originOf(ctx), instance.identityStoreId);
    const metadata = `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${sp.entityId}">
  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${sp.acsUrl}" index="0"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
`;
    return { EntityId: sp.entityId, AcsUrl: sp.acsUrl, Metadata: metadata };
  },
});

/**
 * The console's "Change identity source" to an external identity provider: its SAML metadata.
 * People then sign in there instead of with a Gatehouse password; the IdP's NameID names the
 * Identity Center user (its user name), as AWS matches it.
 */
export const CreateExternalIdPConfigurationForDirectory = defineOperation<{ IdentityStoreId: string; SAMLMetadataDocument: string }>({
  service: 'sso-directory',
  name: 'CreateExternalIdPConfigurationForDirectory',
  readOnly: false,
  authorize: storeNeed('sso-directory:CreateExternalIdPConfigurationForDirectory'),
  handle: async (input, ctx) => {
    const instance = await byStore(ctx, input.IdentityStoreId);
    const idp = readIdpMetadata(input.SAMLMetadataDocument);
    if (idp === undefined) {
      throw validation(
        'The SAML metadata document is not valid: it needs an entityID, a signing certificate and a SingleSignOnService (HTTP-Redirect or HTTP-POST).',
      );
    }
    await ctx.store.ssoInstances.update(instance.instanceId, { settings: { ...instance.settings, externalIdp: idp } });
    return { EntityId: idp.entityId };
  },
});

export const ListExternalIdPConfigurationsForDirectory = defineOperation<{ IdentityStoreId: string }>({
  service: 'sso-directory',
  name: 'ListExternalIdPConfigurationsForDirectory',
  readOnly: true,
  authorize: storeNeed('sso-directory:ListExternalIdPConfigurationsForDirectory'),
  handle: async (input, ctx) => {
    const idp = (await byStore(ctx, input.IdentityStoreId)).settings.externalIdp;
    return {
      ExternalIdPConfigurations: idp === undefined ? [] : [{ EntityId: idp.entityId, SsoUrl: idp.ssoUrl, CertificateCount: idp.signingCertificates.length }],
    };
  },
});

/** Back to Identity Center's own directory: people sign in with their Gatehouse passwords again. */
export const DeleteExternalIdPConfigurationForDirectory = defineOperation<{ IdentityStoreId: string }>({
  service: 'sso-directory',
  name: 'DeleteExternalIdPConfigurationForDirectory',
  readOnly: false,
  authorize: storeNeed('sso-directory:DeleteExternalIdPConfigurationForDirectory'),
  handle: async (input, ctx) => {
    const instance = await byStore(ctx, input.IdentityStoreId);
    if (instance.settings.externalIdp === undefined) throw notFound('The identity store has no external identity provider.');
    const { externalIdp: _removed, ...settings } = instance.settings;
    await ctx.store.ssoInstances.update(instance.instanceId, { settings });
    return {};
  },
});

export const directoryOperations: Operation[] = [
  UpdatePassword,
  ListMfaDevicesForUser,
  DeleteMfaDeviceForUser,
  GetSsoConfiguration,
  UpdateSSOConfiguration,
  CreateBearerToken,
  ListBearerTokens,
  DeleteBearerToken,
  GetAWSSPConfigurationForDirectory,
  CreateExternalIdPConfigurationForDirectory,
  ListExternalIdPConfigurationsForDirectory,
  DeleteExternalIdPConfigurationForDirectory,
];
