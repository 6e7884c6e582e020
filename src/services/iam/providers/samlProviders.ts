import { ServiceError } from '../../../errors.js';
import { iamArn } from '../../../model/index.js';
import type { SamlProviderRecord } from '../../../store/index.js';
import { defineOperation, type ContextValue, type Operation, type OperationContext } from '../../operation.js';
import { iamErrors } from '../iamErrors.js';
import { iamNeed } from '../iamNeed.js';
import { requestTagContext } from '../../shared/index.js';
import { readSamlMetadata, type SamlMetadata } from './samlMetadata.js';
import { applyTags, checkTagKeys, tagsOf, type TagTarget } from '../tags/tagging.js';
import { tagOperations } from '../tags/tagOperations.js';

type Tags = { Key: string; Value: string }[];

/**
 * AWS: without a `validUntil` in the metadata, IAM sets the provider's `ValidUntil` a hundred
 * years after it is created or updated.
 */
const DEFAULT_VALIDITY_YEARS = 100;

function tagTarget(provider: SamlProviderRecord): TagTarget {
  return { accountId: provider.accountId, kind: 'saml-provider', id: provider.arn };
}

function validUntil(metadata: SamlMetadata, now: Date): string {
  if (metadata.validUntil !== undefined) return metadata.validUntil.toISOString();
  const until = new Date(now);
  until.setUTCFullYear(until.getUTCFullYear() + DEFAULT_VALIDITY_YEARS);
  return until.toISOString();
}

/** AWS: NoSuchEntity "Manifest not found for arn <arn>" for an unknown SAML provider ARN. */
async function requireProvider(ctx: OperationContext, arn: string): Promise<SamlProviderRecord> {
  const provider = await ctx.store.samlProviders.get(arn);
  if (provider === undefined || provider.accountId !== ctx.principal.accountId) {
    throw new ServiceError('NoSuchEntity', `Manifest not found for arn ${arn}`);
  }
  return provider;
}

/** The need of an action on a provider; its resource tags join the context when it exists. */
async function providerNeed(action: string, ctx: OperationContext, arn: string, extra: Record<string, ContextValue> = {}) {
  const provider = await ctx.store.samlProviders.get(arn);
  const context: Record<string, ContextValue> = {};
  if (provider !== undefined) {
    for (const tag of await ctx.store.tags.list(provider.accountId, 'saml-provider', provider.arn)) context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
  }
  return iamNeed(action, arn, { ...context, ...extra });
}

/** IAM `CreateSAMLProvider`, as the IAM API reference defines it. */
export const CreateSAMLProvider = defineOperation<{ SAMLMetadataDocument: string; Name: string; Tags?: Tags }, { SAMLProviderArn: string; Tags?: Tags }>({
  service: 'iam',
  name: 'CreateSAMLProvider',
  readOnly: false,
  authorize: (input, ctx) => iamNeed('CreateSAMLProvider', iamArn(ctx.principal.accountId, 'saml-provider', '/', input.Name), requestTagContext(input.Tags)),
  // The document is read before the transaction, outside the write lock.
  prepare: async (input) => {
    checkTagKeys(input.Tags);
    return readSamlMetadata(input.SAMLMetadataDocument);
  },
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const metadata = ctx.prepared as SamlMetadata;
    const existing = await ctx.store.samlProviders.list(accountId);
    if (existing.some((p) => p.name.toLowerCase() === input.Name.toLowerCase())) {
      throw new ServiceError('EntityAlreadyExists', `Provider with name ${input.Name} already exists.`);
    }
    if (existing.length >= ctx.quotas.samlProvidersPerAccount) {
      throw iamErrors.limitExceeded('SAMLProvidersPerAccount', ctx.quotas.samlProvidersPerAccount);
    }
    const provider = await ctx.store.samlProviders.create({
      arn: iamArn(accountId, 'saml-provider', '/', input.Name),
      accountId,
      name: input.Name,
      metadataDocument: input.SAMLMetadataDocument,
      entityId: metadata.entityId,
      signingCertificates: metadata.signingCertificates,
      validUntil: validUntil(metadata, ctx.now),
      createdAt: ctx.now.toISOString(),
    });
    await applyTags(ctx.store, tagTarget(provider), input.Tags, ctx.quotas.tagsPerResource);
    const tags = await tagsOf(ctx.store, tagTarget(provider));
    return tags === undefined ? { SAMLProviderArn: provider.arn } : { SAMLProviderArn: provider.arn, Tags: tags };
  },
});

/** IAM `GetSAMLProvider`, as the IAM API reference defines it. */
export const GetSAMLProvider = defineOperation<{ SAMLProviderArn: string }, { SAMLMetadataDocument: string; CreateDate: Date; ValidUntil: Date; Tags?: Tags }>({
  service: 'iam',
  name: 'GetSAMLProvider',
  readOnly: true,
  authorize: (input, ctx) => providerNeed('GetSAMLProvider', ctx, input.SAMLProviderArn),
  handle: async (input, ctx) => {
    const provider = await requireProvider(ctx, input.SAMLProviderArn);
    const out = {
      SAMLMetadataDocument: provider.metadataDocument,
      CreateDate: new Date(provider.createdAt),
      ValidUntil: new Date(provider.validUntil),
    };
    const tags = await tagsOf(ctx.store, tagTarget(provider));
    return tags === undefined ? out : { ...out, Tags: tags };
  },
});

/** IAM `ListSAMLProviders`, as the IAM API reference defines it. */
export const ListSAMLProviders = defineOperation<Record<string, never>, { SAMLProviderList: { Arn: string; ValidUntil: Date; CreateDate: Date }[] }>({
  service: 'iam',
  name: 'ListSAMLProviders',
  readOnly: true,
  authorize: () => iamNeed('ListSAMLProviders', '*'),
  handle: async (_input, ctx) => ({
    SAMLProviderList: (await ctx.store.samlProviders.list(ctx.principal.accountId)).map((p) => ({
      Arn: p.arn,
      ValidUntil: new Date(p.validUntil),
      CreateDate: new Date(p.createdAt),
    })),
  }),
});

/** IAM `UpdateSAMLProvider`, as the IAM API reference defines it. */
export const UpdateSAMLProvider = defineOperation<{ SAMLMetadataDocument: string; SAMLProviderArn: string }, { SAMLProviderArn: string }>({
  service: 'iam',
  name: 'UpdateSAMLProvider',
  readOnly: false,
  authorize: (input, ctx) => providerNeed('UpdateSAMLProvider', ctx, input.SAMLProviderArn),
  // The document is read before the transaction, outside the write lock (an unknown provider is still refused first).
  prepare: async (input, ctx) => {
    await requireProvider(ctx, input.SAMLProviderArn);
    return readSamlMetadata(input.SAMLMetadataDocument);
  },
  handle: async (input, ctx) => {
    const provider = await requireProvider(ctx, input.SAMLProviderArn);
    const metadata = ctx.prepared as SamlMetadata;
    await ctx.store.samlProviders.update(provider.arn, {
      metadataDocument: input.SAMLMetadataDocument,
      entityId: metadata.entityId,
      signingCertificates: metadata.signingCertificates,
      validUntil: validUntil(metadata, ctx.now),
    });
    return { SAMLProviderArn: provider.arn };
  },
});

/** IAM `DeleteSAMLProvider`, as the IAM API reference defines it. */
export const DeleteSAMLProvider = defineOperation<{ SAMLProviderArn: string }, Record<string, never>>({
  service: 'iam',
  name: 'DeleteSAMLProvider',
  readOnly: false,
  authorize: (input, ctx) => providerNeed('DeleteSAMLProvider', ctx, input.SAMLProviderArn),
  handle: async (input, ctx) => {
    const provider = await requireProvider(ctx, input.SAMLProviderArn);
    await ctx.store.tags.deleteAll(provider.accountId, 'saml-provider', provider.arn);
    await ctx.store.samlProviders.delete(provider.arn);
    return {};
  },
});

/** TagSAMLProvider, UntagSAMLProvider, ListSAMLProviderTags. */
const samlProviderTagOperations = tagOperations<SamlProviderRecord>({
  label: 'SAMLProvider',
  member: 'SAMLProviderArn',
  need: providerNeed,
  require: requireProvider,
  target: tagTarget,
});

/** Every SAML provider operation. */
export const samlProviderOperations: Operation[] = [
  CreateSAMLProvider,
  GetSAMLProvider,
  ListSAMLProviders,
  UpdateSAMLProvider,
  DeleteSAMLProvider,
  ...samlProviderTagOperations,
];
