import { ServiceError } from '../../../errors.js';
import { iamArn, newUniqueId } from '../../../model/index.js';
import type { EntityTag, ServerCertificateRecord } from '../../../store/index.js';
import { defineOperation, type ContextValue, type Operation, type OperationContext } from '../../operation.js';
import { checkPrivateKey, readCertificate, readCertificateChain } from './certificateFormat.js';
import { iamErrors } from '../iamErrors.js';
import { iamNeed } from '../iamNeed.js';
import { requestTagContext } from '../../shared/index.js';
import { listOptions, pageMembers } from '../paging.js';
import { resourceTagContext } from '../../shared/index.js';
import { applyTags, checkTagKeys, tagsOf, type TagTarget } from '../tags/tagging.js';
import { tagOperations } from '../tags/tagOperations.js';

/**
 * Server certificates (for load balancers and CloudFront): UploadServerCertificate,
 * GetServerCertificate, ListServerCertificates, UpdateServerCertificate, DeleteServerCertificate
 * and their tags. The private key is sealed at rest and no operation ever returns it.
 */

function certificateArn(accountId: string, path: string, name: string): string {
  return iamArn(accountId, 'server-certificate', path, name);
}

/** The tags-table address of a certificate: its ID, which survives renames. */
function certificateTagTarget(cert: ServerCertificateRecord): TagTarget {
  return { accountId: cert.accountId, kind: 'server-certificate', id: cert.serverCertificateId };
}

function noSuchCertificate(name: string): ServiceError {
  return new ServiceError('NoSuchEntity', `The Server Certificate with name ${name} cannot be found.`);
}

async function requireCertificate(ctx: OperationContext, name: string): Promise<ServerCertificateRecord> {
  const cert = await ctx.store.serverCertificates.get(ctx.principal.accountId, name);
  if (cert === undefined) throw noSuchCertificate(name);
  return cert;
}

/** The ARN an existing certificate is authorized against (with its path), and its `aws:ResourceTag/…` keys. */
async function target(ctx: OperationContext, name: string): Promise<{ arn: string; context: Record<string, ContextValue> }> {
  const accountId = ctx.principal.accountId;
  const cert = await ctx.store.serverCertificates.get(accountId, name);
  if (cert === undefined) return { arn: certificateArn(accountId, '/', name), context: {} };
  return { arn: cert.arn, context: resourceTagContext(await ctx.store.tags.list(accountId, 'server-certificate', cert.serverCertificateId)) };
}

/** IAM's `ServerCertificateMetadata` structure. */
function metadata(cert: ServerCertificateRecord): Record<string, unknown> {
  return {
    Path: cert.path,
    ServerCertificateName: cert.name,
    ServerCertificateId: cert.serverCertificateId,
    Arn: cert.arn,
    UploadDate: new Date(cert.uploadedAt),
    Expiration: new Date(cert.expiration),
  };
}

interface UploadInput {
  Path?: string;
  ServerCertificateName: string;
  CertificateBody: string;
  PrivateKey: string;
  CertificateChain?: string;
  Tags?: EntityTag[];
}

export const UploadServerCertificate = defineOperation<UploadInput>({
  service: 'iam',
  name: 'UploadServerCertificate',
  readOnly: false,
  authorize: (input, ctx) =>
    iamNeed('UploadServerCertificate', certificateArn(ctx.principal.accountId, input.Path ?? '/', input.ServerCertificateName), requestTagContext(input.Tags)),
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const path = input.Path ?? '/';
    checkTagKeys(input.Tags);
    if ((await ctx.store.serverCertificates.get(accountId, input.ServerCertificateName)) !== undefined) {
      throw new ServiceError('EntityAlreadyExists', `The Server Certificate with name ${input.ServerCertificateName} already exists.`);
    }
    if ((await ctx.store.serverCertificates.count(accountId)) >= ctx.quotas.serverCertificatesPerAccount) {
      throw iamErrors.limitExceeded('ServerCertificatesPerAccount', ctx.quotas.serverCertificatesPerAccount);
    }
    const accepted = readCertificate(input.CertificateBody, ctx.now);
    if (input.CertificateChain !== undefined) readCertificateChain(input.CertificateChain, ctx.now);
    checkPrivateKey(input.PrivateKey, accepted);
    const cert = await ctx.store.serverCertificates.create({
      accountId,
      serverCertificateId: newUniqueId('serverCertificate'),
      name: input.ServerCertificateName,
      path,
      arn: certificateArn(accountId, path, input.ServerCertificateName),
      body: accepted.pem,
      chain: input.CertificateChain?.trim() ?? null,
      privateKey: input.PrivateKey,
      expiration: accepted.notAfter.toISOString(),
      uploadedAt: ctx.now.toISOString(),
    });
    await applyTags(ctx.store, certificateTagTarget(cert), input.Tags, ctx.quotas.tagsPerResource);
    return { ServerCertificateMetadata: metadata(cert), Tags: await tagsOf(ctx.store, certificateTagTarget(cert)) };
  },
});

export const GetServerCertificate = defineOperation<{ ServerCertificateName: string }>({
  service: 'iam',
  name: 'GetServerCertificate',
  readOnly: true,
  authorize: async (input, ctx) => {
    const { arn, context } = await target(ctx, input.ServerCertificateName);
    return iamNeed('GetServerCertificate', arn, context);
  },
  handle: async (input, ctx) => {
    const cert = await requireCertificate(ctx, input.ServerCertificateName);
    return {
      ServerCertificate: {
        ServerCertificateMetadata: metadata(cert),
        CertificateBody: cert.body,
        ...(cert.chain !== null ? { CertificateChain: cert.chain } : {}),
        Tags: await tagsOf(ctx.store, certificateTagTarget(cert)),
      },
    };
  },
});

export const ListServerCertificates = defineOperation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }>({
  service: 'iam',
  name: 'ListServerCertificates',
  readOnly: true,
  authorize: () => iamNeed('ListServerCertificates', '*'),
  handle: async (input, ctx) => {
    const page = await ctx.store.serverCertificates.list(ctx.principal.accountId, listOptions(input));
    return { ServerCertificateMetadataList: page.items.map(metadata), ...pageMembers(page) };
  },
});

/**
 * AWS: "The person making the request (the principal), must have permission to change the server
 * certificate with the old name and the new name." Renaming keeps the ID, so tags follow.
 */
export const UpdateServerCertificate = defineOperation<{ ServerCertificateName: string; NewPath?: string; NewServerCertificateName?: string }>({
  service: 'iam',
  name: 'UpdateServerCertificate',
  readOnly: false,
  authorize: async (input, ctx) => {
    const current = await target(ctx, input.ServerCertificateName);
    const cert = await ctx.store.serverCertificates.get(ctx.principal.accountId, input.ServerCertificateName);
    const newArn = certificateArn(
      ctx.principal.accountId,
      input.NewPath ?? cert?.path ?? '/',
      input.NewServerCertificateName ?? cert?.name ?? input.ServerCertificateName,
    );
    const needs = iamNeed('UpdateServerCertificate', current.arn, current.context);
    return newArn === current.arn ? needs : [...needs, ...iamNeed('UpdateServerCertificate', newArn)];
  },
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const cert = await requireCertificate(ctx, input.ServerCertificateName);
    const name = input.NewServerCertificateName ?? cert.name;
    const path = input.NewPath ?? cert.path;
    if (name.toLowerCase() !== cert.name.toLowerCase() && (await ctx.store.serverCertificates.get(accountId, name)) !== undefined) {
      throw new ServiceError('EntityAlreadyExists', `The Server Certificate with name ${name} already exists.`);
    }
    await ctx.store.serverCertificates.update(accountId, cert.name, { name, path, arn: certificateArn(accountId, path, name) });
    return {};
  },
});

export const DeleteServerCertificate = defineOperation<{ ServerCertificateName: string }>({
  service: 'iam',
  name: 'DeleteServerCertificate',
  readOnly: false,
  authorize: async (input, ctx) => {
    const { arn, context } = await target(ctx, input.ServerCertificateName);
    return iamNeed('DeleteServerCertificate', arn, context);
  },
  handle: async (input, ctx) => {
    const cert = await requireCertificate(ctx, input.ServerCertificateName);
    await ctx.store.tags.deleteAll(cert.accountId, 'server-certificate', cert.serverCertificateId);
    await ctx.store.serverCertificates.delete(cert.accountId, cert.name);
    return {};
  },
});

/** TagServerCertificate, UntagServerCertificate, ListServerCertificateTags. */
const serverCertificateTagOperations = tagOperations<ServerCertificateRecord>({
  label: 'ServerCertificate',
  member: 'ServerCertificateName',
  need: async (action, ctx, name, extra) => {
    const { arn, context } = await target(ctx, name);
    return iamNeed(action, arn, { ...context, ...extra });
  },
  require: requireCertificate,
  target: certificateTagTarget,
});

export const serverCertificateOperations: Operation[] = [
  UploadServerCertificate,
  GetServerCertificate,
  ListServerCertificates,
  UpdateServerCertificate,
  DeleteServerCertificate,
  ...serverCertificateTagOperations,
];
