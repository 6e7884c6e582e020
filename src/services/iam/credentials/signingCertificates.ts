import { ServiceError } from '../../../errors.js';
import type { SigningCertificateRecord } from '../../../store/index.js';
import { defineOperation, type Operation, type OperationContext } from '../../operation.js';
import { readCertificate } from './certificateFormat.js';
import { iamErrors } from '../iamErrors.js';
import { iamNeed } from '../iamNeed.js';
import { pageMembers } from '../paging.js';
import { newSigningCertificateId } from '../../../model/index.js';
import { ownerArn, resolveOwner, type CredentialOwner } from './credentialOwners.js';
import { settableStatus } from './credentialStatus.js';
import { pageInMemory } from '../paging.js';

/**
 * X.509 signing certificates of IAM users and of the root user: UploadSigningCertificate,
 * ListSigningCertificates, UpdateSigningCertificate, DeleteSigningCertificate.
 *
 * AWS: "If the UserName field is not specified, the IAM user name is determined implicitly based
 * on the AWS access key ID used to sign the request. This operation works for access keys under
 * the AWS account. Consequently, you can use this operation to manage AWS account root user
 * credentials even if the AWS account has no associated users."
 */

/** IAM's `SigningCertificate` structure. The root user's certificates carry the account ID as `UserName` (Gatehouse's choice). */
function certificateOutput(cert: SigningCertificateRecord): Record<string, unknown> {
  return {
    UserName: cert.userName ?? cert.accountId,
    CertificateId: cert.certificateId,
    CertificateBody: cert.body,
    Status: cert.status,
    UploadDate: new Date(cert.uploadedAt),
  };
}

async function requireCertificate(ctx: OperationContext, owner: CredentialOwner, id: string): Promise<SigningCertificateRecord> {
  const cert = await ctx.store.signingCertificates.get(owner.accountId, owner.userName, id);
  if (cert === undefined) throw new ServiceError('NoSuchEntity', `The Certificate with id ${id} cannot be found.`);
  return cert;
}

export const UploadSigningCertificate = defineOperation<{ UserName?: string; CertificateBody: string }>({
  service: 'iam',
  name: 'UploadSigningCertificate',
  readOnly: false,
  authorize: async (input, ctx) => iamNeed('UploadSigningCertificate', await ownerArn(ctx, input.UserName)),
  handle: async (input, ctx) => {
    const owner = await resolveOwner(ctx, input.UserName, true);
    const accepted = readCertificate(input.CertificateBody, ctx.now);
    if ((await ctx.store.signingCertificates.findByFingerprint(owner.accountId, accepted.fingerprint)) !== undefined) {
      throw new ServiceError('DuplicateCertificate', 'The same certificate is associated with an IAM user in the account.');
    }
    const existing = await ctx.store.signingCertificates.listForUser(owner.accountId, owner.userName);
    if (existing.length >= ctx.quotas.signingCertificatesPerUser) {
      throw iamErrors.limitExceeded('CertificatesPerUser', ctx.quotas.signingCertificatesPerUser);
    }
    const cert = await ctx.store.signingCertificates.create({
      certificateId: newSigningCertificateId(),
      accountId: owner.accountId,
      userName: owner.userName,
      // AWS: the body comes back exactly as it was uploaded, trailing newline included.
      body: input.CertificateBody,
      fingerprint: accepted.fingerprint,
      status: 'Active',
      uploadedAt: ctx.now.toISOString(),
    });
    return { Certificate: certificateOutput(cert) };
  },
});

export const ListSigningCertificates = defineOperation<{ UserName?: string; Marker?: string; MaxItems?: number }>({
  service: 'iam',
  name: 'ListSigningCertificates',
  readOnly: true,
  authorize: async (input, ctx) => iamNeed('ListSigningCertificates', await ownerArn(ctx, input.UserName)),
  handle: async (input, ctx) => {
    const owner = await resolveOwner(ctx, input.UserName, true);
    const certs = await ctx.store.signingCertificates.listForUser(owner.accountId, owner.userName);
    const page = pageInMemory(certs, (c) => `${c.uploadedAt}|${c.certificateId}`, input);
    return { Certificates: page.items.map(certificateOutput), ...pageMembers(page) };
  },
});

export const UpdateSigningCertificate = defineOperation<{ UserName?: string; CertificateId: string; Status: string }>({
  service: 'iam',
  name: 'UpdateSigningCertificate',
  readOnly: false,
  authorize: async (input, ctx) => iamNeed('UpdateSigningCertificate', await ownerArn(ctx, input.UserName)),
  handle: async (input, ctx) => {
    const status = settableStatus(input.Status);
    const owner = await resolveOwner(ctx, input.UserName, true);
    const cert = await requireCertificate(ctx, owner, input.CertificateId);
    await ctx.store.signingCertificates.updateStatus(owner.accountId, owner.userName, cert.certificateId, status);
    return {};
  },
});

export const DeleteSigningCertificate = defineOperation<{ UserName?: string; CertificateId: string }>({
  service: 'iam',
  name: 'DeleteSigningCertificate',
  readOnly: false,
  authorize: async (input, ctx) => iamNeed('DeleteSigningCertificate', await ownerArn(ctx, input.UserName)),
  handle: async (input, ctx) => {
    const owner = await resolveOwner(ctx, input.UserName, true);
    const cert = await requireCertificate(ctx, owner, input.CertificateId);
    await ctx.store.signingCertificates.delete(owner.accountId, owner.userName, cert.certificateId);
    return {};
  },
});

export const signingCertificateOperations: Operation[] = [
  UploadSigningCertificate,
  ListSigningCertificates,
  UpdateSigningCertificate,
  DeleteSigningCertificate,
];
