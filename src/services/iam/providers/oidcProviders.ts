import { ServiceError } from '../../../errors.js';
import { iamArn } from '../../../model/index.js';
import type { OidcProviderRecord } from '../../../store/index.js';
import { defineOperation, type ContextValue, type Operation, type OperationContext } from '../../operation.js';
import { iamErrors } from '../iamErrors.js';
import { oidcProviderUrl } from '../../../auth/index.js';
import { iamNeed } from '../iamNeed.js';
import { requestTagContext } from '../../shared/index.js';
import { applyTags, checkTagKeys, tagsOf, type TagTarget } from '../tags/tagging.js';
import { tagOperations } from '../tags/tagOperations.js';

type Tags = { Key: string; Value: string }[];

/** AWS: IAM quotas "Thumbprints per OIDC provider: 5", "Client IDs per OIDC provider: 100". */
const MAX_THUMBPRINTS = 5;
const MAX_CLIENT_IDS = 100;
const THUMBPRINT = /^[0-9A-Fa-f]{40}$/;

function tagTarget(provider: OidcProviderRecord): TagTarget {
  return { accountId: provider.accountId, kind: 'oidc-provider', id: provider.arn };
}

/**
 * The provider URL as IAM keeps it: `https://` removed, host in lower case, no trailing `/`.
 * AWS: "The URL must begin with https:// … path components are allowed but query parameters are
 * not" (IAM API reference, CreateOpenIDConnectProvider); otherwise InvalidInput.
 */
/** The provider URL as IAM names the provider; InvalidInput when IAM would not accept it. */
function normalizeUrl(url: string): string {
  const normalized = oidcProviderUrl(url);
  if (normalized === undefined) throw iamErrors.invalidInput('Invalid Open ID Connect Provider URL');
  return normalized;
}

function uniqueThumbprints(list: readonly string[]): string[] {
  // AWS: more than five thumbprints is InvalidInput with this wording (sic: five are accepted).
  if (list.length > MAX_THUMBPRINTS) throw iamErrors.invalidInput('Thumbprint list must contain fewer than 5 entries.');
  for (const t of list) {
    if (!THUMBPRINT.test(t)) throw iamErrors.invalidInput(`Thumbprint ${t} is not a valid 40-character hexadecimal SHA-1 fingerprint.`);
  }
  return [...new Set(list.map((t) => t.toLowerCase()))];
}

function uniqueClientIds(list: readonly string[]): string[] {
  const unique = [...new Set(list)];
  if (unique.length > MAX_CLIENT_IDS) throw iamErrors.limitExceeded('ClientIdsPerOpenIdConnectProvider', MAX_CLIENT_IDS);
  return unique;
}

/** AWS: NoSuchEntity "OpenIDConnect Provider not found for arn <arn>". */
async function requireProvider(ctx: OperationContext, arn: string): Promise<OidcProviderRecord> {
  const provider = await ctx.store.oidcProviders.get(arn);
  if (provider === undefined || provider.accountId !== ctx.principal.accountId) {
    throw new ServiceError('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`);
  }
  return provider;
}

async function providerNeed(action: string, ctx: OperationContext, arn: string, extra: Record<string, ContextValue> = {}) {
  const provider = await ctx.store.oidcProviders.get(arn);
  const context: Record<string, ContextValue> = {};
  if (provider !== undefined) {
    for (const tag of await ctx.store.tags.list(provider.accountId, 'oidc-provider', provider.arn)) context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
  }
  return iamNeed(action, arn, { ...context, ...extra });
}

type ArnInput = { OpenIDConnectProviderArn: string };

/** IAM `CreateOpenIDConnectProvider`, as the IAM API reference defines it. */
export const CreateOpenIDConnectProvider = defineOperation<
  { Url: string; ClientIDList?: string[]; ThumbprintList?: string[]; Tags?: Tags },
  { OpenIDConnectProviderArn: string; Tags?: Tags }
>({
  service: 'iam',
  name: 'CreateOpenIDConnectProvider',
  readOnly: false,
  authorize: (input, ctx) => {
    const url = input.Url.replace(/^https:\/\//i, '').replace(/\/+$/, '');
    return iamNeed('CreateOpenIDConnectProvider', iamArn(ctx.principal.accountId, 'oidc-provider', '/', url), requestTagContext(input.Tags));
  },
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const url = normalizeUrl(input.Url);
    const thumbprints = uniqueThumbprints(input.ThumbprintList ?? []);
    const clientIds = uniqueClientIds(input.ClientIDList ?? []);
    checkTagKeys(input.Tags);
    const arn = iamArn(accountId, 'oidc-provider', '/', url);
    if ((await ctx.store.oidcProviders.get(arn)) !== undefined) {
      throw new ServiceError('EntityAlreadyExists', `Provider with url https://${url} already exists.`);
    }
    if ((await ctx.store.oidcProviders.count(accountId)) >= ctx.quotas.oidcProvidersPerAccount) {
      throw iamErrors.limitExceeded('OpenIdConnectProvidersPerAccount', ctx.quotas.oidcProvidersPerAccount);
    }
    const provider = await ctx.store.oidcProviders.create({ arn, accountId, url, clientIds, thumbprints, createdAt: ctx.now.toISOString() });
    await applyTags(ctx.store, tagTarget(provider), input.Tags, ctx.quotas.tagsPerResource);
    const tags = await tagsOf(ctx.store, tagTarget(provider));
    return tags === undefined ? { OpenIDConnectProviderArn: arn } : { OpenIDConnectProviderArn: arn, Tags: tags };
  },
});

/** IAM `GetOpenIDConnectProvider`, as the IAM API reference defines it. */
export const GetOpenIDConnectProvider = defineOperation<
  ArnInput,
  { Url: string; ClientIDList: string[]; ThumbprintList: string[]; CreateDate: Date; Tags?: Tags }
>({
  service: 'iam',
  name: 'GetOpenIDConnectProvider',
  readOnly: true,
  authorize: (input, ctx) => providerNeed('GetOpenIDConnectProvider', ctx, input.OpenIDConnectProviderArn),
  handle: async (input, ctx) => {
    const provider = await requireProvider(ctx, input.OpenIDConnectProviderArn);
    const out = {
      Url: provider.url,
      ClientIDList: [...provider.clientIds],
      ThumbprintList: [...provider.thumbprints],
      CreateDate: new Date(provider.createdAt),
    };
    const tags = await tagsOf(ctx.store, tagTarget(provider));
    return tags === undefined ? out : { ...out, Tags: tags };
  },
});

/** IAM `ListOpenIDConnectProviders`, as the IAM API reference defines it. */
export const ListOpenIDConnectProviders = defineOperation<Record<string, never>, { OpenIDConnectProviderList: { Arn: string }[] }>({
  service: 'iam',
  name: 'ListOpenIDConnectProviders',
  readOnly: true,
  authorize: () => iamNeed('ListOpenIDConnectProviders', '*'),
  handle: async (_input, ctx) => ({
    OpenIDConnectProviderList: (await ctx.store.oidcProviders.list(ctx.principal.accountId)).map((p) => ({ Arn: p.arn })),
  }),
});

/**
 * IAM `DeleteOpenIDConnectProvider`. AWS: API_DeleteOpenIDConnectProvider — "This operation is
 * idempotent; it does not fail or return an error if you call the operation for a provider that
 * does not exist."
 */
export const DeleteOpenIDConnectProvider = defineOperation<ArnInput, Record<string, never>>({
  service: 'iam',
  name: 'DeleteOpenIDConnectProvider',
  readOnly: false,
  authorize: (input, ctx) => providerNeed('DeleteOpenIDConnectProvider', ctx, input.OpenIDConnectProviderArn),
  handle: async (input, ctx) => {
    const provider = await ctx.store.oidcProviders.get(input.OpenIDConnectProviderArn);
    if (provider === undefined || provider.accountId !== ctx.principal.accountId) return {};
    await ctx.store.tags.deleteAll(provider.accountId, 'oidc-provider', provider.arn);
    await ctx.store.oidcProviders.delete(provider.arn);
    return {};
  },
});

/** IAM `AddClientIDToOpenIDConnectProvider`, as the IAM API reference defines it. */
export const AddClientIDToOpenIDConnectProvider = defineOperation<ArnInput & { ClientID: string }, Record<string, never>>({
  service: 'iam',
  name: 'AddClientIDToOpenIDConnectProvider',
  readOnly: false,
  authorize: (input, ctx) => providerNeed('AddClientIDToOpenIDConnectProvider', ctx, input.OpenIDConnectProviderArn),
  handle: async (input, ctx) => {
    const provider = await requireProvider(ctx, input.OpenIDConnectProviderArn);
    // AWS: adding a client ID the provider already has succeeds and changes nothing.
    if (provider.clientIds.includes(input.ClientID)) return {};
    await ctx.store.oidcProviders.update(provider.arn, { clientIds: uniqueClientIds([...provider.clientIds, input.ClientID]) });
    return {};
  },
});

/** IAM `RemoveClientIDFromOpenIDConnectProvider`, as the IAM API reference defines it. */
export const RemoveClientIDFromOpenIDConnectProvider = defineOperation<ArnInput & { ClientID: string }, Record<string, never>>({
  service: 'iam',
  name: 'RemoveClientIDFromOpenIDConnectProvider',
  readOnly: false,
  authorize: (input, ctx) => providerNeed('RemoveClientIDFromOpenIDConnectProvider', ctx, input.OpenIDConnectProviderArn),
  handle: async (input, ctx) => {
    const provider = await requireProvider(ctx, input.OpenIDConnectProviderArn);
    // AWS: "This operation is idempotent; it does not fail or return an error if you try to remove
    // a client ID that does not exist." (IAM API reference)
    await ctx.store.oidcProviders.update(provider.arn, { clientIds: provider.clientIds.filter((id) => id !== input.ClientID) });
    return {};
  },
});

/** IAM `UpdateOpenIDConnectProviderThumbprint`, as the IAM API reference defines it. */
export const UpdateOpenIDConnectProviderThumbprint = defineOperation<ArnInput & { ThumbprintList: string[] }, Record<string, never>>({
  service: 'iam',
  name: 'UpdateOpenIDConnectProviderThumbprint',
  readOnly: false,
  authorize: (input, ctx) => providerNeed('UpdateOpenIDConnectProviderThumbprint', ctx, input.OpenIDConnectProviderArn),
  handle: async (input, ctx) => {
    const provider = await requireProvider(ctx, input.OpenIDConnectProviderArn);
    await ctx.store.oidcProviders.update(provider.arn, { thumbprints: uniqueThumbprints(input.ThumbprintList) });
    return {};
  },
});

/** TagOpenIDConnectProvider, UntagOpenIDConnectProvider, ListOpenIDConnectProviderTags. */
const oidcProviderTagOperations = tagOperations<OidcProviderRecord>({
  label: 'OpenIDConnectProvider',
  member: 'OpenIDConnectProviderArn',
  need: providerNeed,
  require: requireProvider,
  target: tagTarget,
});

/** Every OpenID Connect provider operation. */
export const oidcProviderOperations: Operation[] = [
  CreateOpenIDConnectProvider,
  GetOpenIDConnectProvider,
  ListOpenIDConnectProviders,
  DeleteOpenIDConnectProvider,
  AddClientIDToOpenIDConnectProvider,
  RemoveClientIDFromOpenIDConnectProvider,
  UpdateOpenIDConnectProviderThumbprint,
  ...oidcProviderTagOperations,
];
