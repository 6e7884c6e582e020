import { randomBytes } from 'node:crypto';
import { isCertificateAuthority, issuedBy, parsePemBundle, type ParsedCertificate } from '../../auth/index.js';
import { ServiceError } from '../../errors.js';
import type { IotCaCertificateRecord, IotCertificateRecord } from '../../store/index.js';
import { defineOperation, type OperationContext } from '../operation.js';
import { date, generationId, invalidRequest, iotArn, iotNeed, iotPage, notFound, requestTags, saveTags, type IotTag } from './resources.js';

/**
 * AWS IoT's X.509 certificates: CA certificates registered (with proof of possession: a
 * verification certificate whose common name is the account's registration code, signed by the
 * CA; or in SNI_ONLY mode, without), device certificates registered with their CA or without one,
 * and their status. A device presents an ACTIVE certificate to the credentials provider.
 *
 * AWS: AWS IoT API Reference (RegisterCACertificate, GetRegistrationCode, DescribeCACertificate,
 * UpdateCACertificate, DeleteCACertificate, ListCACertificates, RegisterCertificate,
 * RegisterCertificateWithoutCA, DescribeCertificate, UpdateCertificate, DeleteCertificate,
 * ListCertificates, ListCertificatesByCA); Developer Guide, "Register a CA certificate". The
 * certificate ID is the SHA-256 of the certificate's DER in hex, as AWS's 64-character IDs are;
 * Gatehouse registers one certificate once across its accounts.
 */

function invalidCertificate(message: string): ServiceError {
  return new ServiceError('CertificateValidationException', message);
}

/** One PEM certificate, valid now; CertificateValidationException otherwise. */
function readPem(pem: string | undefined, now: Date, member: string): ParsedCertificate {
  const bundle = pem === undefined ? undefined : parsePemBundle(pem);
  if (bundle === undefined || bundle.length !== 1) throw invalidCertificate(`${member}: the certificate is not a valid PEM certificate`);
  const cert = bundle[0]!;
  if (cert.notAfter.getTime() < now.getTime()) throw invalidCertificate(`${member}: the certificate has expired`);
  if (cert.notBefore.getTime() > now.getTime()) throw invalidCertificate(`${member}: the certificate is not yet valid`);
  return cert;
}

function validity(pem: string): { notBefore: Date; notAfter: Date } | undefined {
  const cert = parsePemBundle(pem)?.[0];
  return cert === undefined ? undefined : { notBefore: cert.notBefore, notAfter: cert.notAfter };
}

/** The account's registration code (created on first request): a verification certificate's common name. */
async function registrationCode(ctx: OperationContext): Promise<string> {
  const key = `iot-registration-code:${ctx.principal.accountId}`;
  const existing = await ctx.store.kv.get(key);
  if (existing !== undefined) return existing;
  await ctx.store.kv.setIfAbsent(key, randomBytes(32).toString('hex'));
  return (await ctx.store.kv.get(key))!;
}

export const GetRegistrationCode = defineOperation<Record<string, never>, { registrationCode: string }>({
  service: 'iot',
  name: 'GetRegistrationCode',
  readOnly: true,
  authorize: () => [iotNeed('GetRegistrationCode', '*')],
  handle: async (_input, ctx) => ({ registrationCode: await registrationCode(ctx) }),
});

const CERTIFICATE_STATUSES = new Set(['ACTIVE', 'INACTIVE', 'REVOKED', 'PENDING_TRANSFER', 'REGISTER_INACTIVE', 'PENDING_ACTIVATION']);

async function ensureUnregistered(ctx: OperationContext, certificateId: string): Promise<void> {
  if ((await ctx.store.iot.certificate(certificateId)) !== undefined || (await ctx.store.iot.caCertificate(certificateId)) !== undefined) {
    throw new ServiceError('ResourceAlreadyExistsException', 'The certificate is already provisioned or registered');
  }
}

export const RegisterCACertificate = defineOperation<
  {
    caCertificate: string;
    verificationCertificate?: string;
    setAsActive?: boolean;
    allowAutoRegistration?: boolean;
    tags?: IotTag[];
    certificateMode?: string;
  },
  { certificateArn: string; certificateId: string }
>({
  service: 'iot',
  name: 'RegisterCACertificate',
  readOnly: false,
  authorize: (input) => [iotNeed('RegisterCACertificate', '*', requestTags(input.tags))],
  handle: async (input, ctx) => {
    const ca = readPem(input.caCertificate, ctx.now, 'caCertificate');
    if (!isCertificateAuthority(ca))
      throw invalidCertificate('caCertificate: the certificate is not a CA certificate (basic constraints CA: true, key usage Certificate Sign)');
    const mode = input.certificateMode ?? 'DEFAULT';
    if (mode === 'DEFAULT') {
      // AWS: "verificationCertificate … is required if certificateMode is DEFAULT"; its common
      // name is the account's registration code and the CA signed it (proof of possession).
      if (input.verificationCertificate === undefined) throw invalidRequest('A verification certificate is required when certificateMode is DEFAULT');
      const verification = readPem(input.verificationCertificate, ctx.now, 'verificationCertificate');
      const cn = verification.subjectRdns.find(([type]) => type === 'CN')?.[1];
      if (cn !== (await registrationCode(ctx)) || !issuedBy(verification, ca)) {
        throw new ServiceError('RegistrationCodeValidationException', 'The verification certificate is not the registration code signed by the CA certificate');
      }
    }
    await ensureUnregistered(ctx, ca.fingerprint);
    const now = ctx.now.toISOString();
    const record: IotCaCertificateRecord = {
      accountId: ctx.principal.accountId,
      certificateId: ca.fingerprint,
      arn: iotArn(ctx, 'cacert', ca.fingerprint),
      pem: input.caCertificate.trim(),
      status: input.setAsActive === true ? 'ACTIVE' : 'INACTIVE',
      autoRegistrationStatus: input.allowAutoRegistration === true ? 'ENABLE' : 'DISABLE',
      certificateMode: mode,
      customerVersion: 1,
      generationId: generationId(),
      createdAt: now,
      lastModifiedAt: now,
    };
    await ctx.store.iot.createCaCertificate(record);
    await saveTags(ctx, record.arn, input.tags);
    return { certificateArn: record.arn, certificateId: record.certificateId };
  },
});

async function ownCa(ctx: OperationContext, id: string): Promise<IotCaCertificateRecord> {
  const ca = await ctx.store.iot.caCertificate(id);
  if (ca === undefined || ca.accountId !== ctx.principal.accountId) throw notFound(`CA certificate ${id} does not exist`);
  return ca;
}

async function ownCertificate(ctx: OperationContext, id: string): Promise<IotCertificateRecord> {
  const cert = await ctx.store.iot.certificate(id);
  if (cert === undefined || cert.accountId !== ctx.principal.accountId) throw notFound(`Certificate ${id} does not exist`);
  return cert;
}

export const DescribeCACertificate = defineOperation<{ certificateId: string }, Record<string, unknown>>({
  service: 'iot',
  name: 'DescribeCACertificate',
  readOnly: true,
  authorize: (input, ctx) => [iotNeed('DescribeCACertificate', iotArn(ctx, 'cacert', input.certificateId))],
  handle: async (input, ctx) => {
    const ca = await ownCa(ctx, input.certificateId);
    return {
      certificateDescription: {
        certificateArn: ca.arn,
        certificateId: ca.certificateId,
        status: ca.status,
        certificatePem: ca.pem,
        ownedBy: ca.accountId,
        creationDate: date(ca.createdAt),
        lastModifiedDate: date(ca.lastModifiedAt),
        autoRegistrationStatus: ca.autoRegistrationStatus,
        customerVersion: ca.customerVersion,
        generationId: ca.generationId,
        certificateMode: ca.certificateMode,
        ...(validity(ca.pem) !== undefined ? { validity: validity(ca.pem) } : {}),
      },
      registrationConfig: {},
    };
  },
});

export const UpdateCACertificate = defineOperation<
  { certificateId: string; newStatus?: string; newAutoRegistrationStatus?: string; removeAutoRegistration?: boolean },
  Record<string, never>
>({
  service: 'iot',
  name: 'UpdateCACertificate',
  readOnly: false,
  authorize: (input, ctx) => [iotNeed('UpdateCACertificate', iotArn(ctx, 'cacert', input.certificateId))],
  handle: async (input, ctx) => {
    const ca = await ownCa(ctx, input.certificateId);
    if (input.newStatus !== undefined && input.newStatus !== 'ACTIVE' && input.newStatus !== 'INACTIVE') {
      throw invalidRequest(`Invalid CA certificate status: ${input.newStatus}`);
    }
    await ctx.store.iot.updateCaCertificate({
      ...ca,
      status: input.newStatus ?? ca.status,
      autoRegistrationStatus: input.removeAutoRegistration === true ? 'DISABLE' : (input.newAutoRegistrationStatus ?? ca.autoRegistrationStatus),
      customerVersion: ca.customerVersion + 1,
      generationId: generationId(),
      lastModifiedAt: ctx.now.toISOString(),
    });
    return {};
  },
});

export const DeleteCACertificate = defineOperation<{ certificateId: string }, Record<string, never>>({
  service: 'iot',
  name: 'DeleteCACertificate',
  readOnly: false,
  authorize: (input, ctx) => [iotNeed('DeleteCACertificate', iotArn(ctx, 'cacert', input.certificateId))],
  handle: async (input, ctx) => {
    const ca = await ownCa(ctx, input.certificateId);
    // AWS: a CA certificate is deactivated before it is deleted (CertificateStateException).
    if (ca.status === 'ACTIVE') throw new ServiceError('CertificateStateException', 'Certificate must be deactivated (status INACTIVE) before deletion.');
    await ctx.store.iot.deleteCaCertificate(ca.certificateId);
    return {};
  },
});

export const ListCACertificates = defineOperation<{ pageSize?: number; marker?: string; ascendingOrder?: boolean }, Record<string, unknown>>({
  service: 'iot',
  name: 'ListCACertificates',
  readOnly: true,
  authorize: () => [iotNeed('ListCACertificates', '*')],
  handle: async (input, ctx) => {
    const { items, nextMarker } = iotPage(await ctx.store.iot.caCertificates(ctx.principal.accountId), input);
    return {
      certificates: items.map((c) => ({ certificateArn: c.arn, certificateId: c.certificateId, status: c.status, creationDate: date(c.createdAt) })),
      ...(nextMarker !== undefined ? { nextMarker } : {}),
    };
  },
});

function statusOf(input: { status?: string; setAsActive?: boolean }): string {
  const status = input.status ?? (input.setAsActive === true ? 'ACTIVE' : 'INACTIVE');
  if (!CERTIFICATE_STATUSES.has(status)) throw invalidRequest(`Invalid certificate status: ${status}`);
  return status;
}

async function registerDevice(
  ctx: OperationContext,
  pem: string,
  status: string,
  ca: IotCaCertificateRecord | undefined,
): Promise<{ certificateArn: string; certificateId: string }> {
  const cert = readPem(pem, ctx.now, 'certificatePem');
  await ensureUnregistered(ctx, cert.fingerprint);
  const now = ctx.now.toISOString();
  const record: IotCertificateRecord = {
    accountId: ctx.principal.accountId,
    certificateId: cert.fingerprint,
    arn: iotArn(ctx, 'cert', cert.fingerprint),
    pem: pem.trim(),
    status,
    caCertificateId: ca?.certificateId ?? null,
    certificateMode: ca === undefined ? 'SNI_ONLY' : 'DEFAULT',
    customerVersion: 1,
    generationId: generationId(),
    createdAt: now,
    lastModifiedAt: now,
  };
  await ctx.store.iot.createCertificate(record);
  return { certificateArn: record.arn, certificateId: record.certificateId };
}

/**
 * AWS: RegisterCertificate "Registers a device certificate with IoT in the same certificate mode as
 * the signing CA"; the CA must be registered in the account and have signed the certificate.
 */
export const RegisterCertificate = defineOperation<
  { certificatePem: string; caCertificatePem?: string; setAsActive?: boolean; status?: string },
  { certificateArn: string; certificateId: string }
>({
  service: 'iot',
  name: 'RegisterCertificate',
  readOnly: false,
  authorize: () => [iotNeed('RegisterCertificate', '*')],
  handle: async (input, ctx) => {
    const cert = readPem(input.certificatePem, ctx.now, 'certificatePem');
    const cas = await ctx.store.iot.caCertificates(ctx.principal.accountId);
    const wanted = input.caCertificatePem === undefined ? undefined : readPem(input.caCertificatePem, ctx.now, 'caCertificatePem').fingerprint;
    const ca = cas.find((c) => {
      if (wanted !== undefined && c.certificateId !== wanted) return false;
      const parsed = parsePemBundle(c.pem)?.[0];
      return parsed !== undefined && issuedBy(cert, parsed);
    });
    if (ca === undefined) throw invalidCertificate('certificatePem: the certificate is not signed by a CA certificate registered in the account');
    return registerDevice(ctx, input.certificatePem, statusOf(input), ca);
  },
});

export const RegisterCertificateWithoutCA = defineOperation<{ certificatePem: string; status?: string }, { certificateArn: string; certificateId: string }>({
  service: 'iot',
  name: 'RegisterCertificateWithoutCA',
  readOnly: false,
  authorize: () => [iotNeed('RegisterCertificateWithoutCA', '*')],
  handle: async (input, ctx) => registerDevice(ctx, input.certificatePem, statusOf(input), undefined),
});

export const DescribeCertificate = defineOperation<{ certificateId: string }, Record<string, unknown>>({
  service: 'iot',
  name: 'DescribeCertificate',
  readOnly: true,
  authorize: (input, ctx) => [iotNeed('DescribeCertificate', iotArn(ctx, 'cert', input.certificateId))],
  handle: async (input, ctx) => {
    const c = await ownCertificate(ctx, input.certificateId);
    return {
      certificateDescription: {
        certificateArn: c.arn,
        certificateId: c.certificateId,
        ...(c.caCertificateId !== null ? { caCertificateId: c.caCertificateId } : {}),
        status: c.status,
        certificatePem: c.pem,
        ownedBy: c.accountId,
        creationDate: date(c.createdAt),
        lastModifiedDate: date(c.lastModifiedAt),
        customerVersion: c.customerVersion,
        generationId: c.generationId,
        certificateMode: c.certificateMode,
        transferData: {},
        ...(validity(c.pem) !== undefined ? { validity: validity(c.pem) } : {}),
      },
    };
  },
});

/** AWS: UpdateCertificate's newStatus; PENDING_TRANSFER, REGISTER_INACTIVE and PENDING_ACTIVATION are set by transfers and registration. */
const SETTABLE = new Set(['ACTIVE', 'INACTIVE', 'REVOKED']);

export const UpdateCertificate = defineOperation<{ certificateId: string; newStatus: string }, Record<string, never>>({
  service: 'iot',
  name: 'UpdateCertificate',
  readOnly: false,
  authorize: (input, ctx) => [iotNeed('UpdateCertificate', iotArn(ctx, 'cert', input.certificateId))],
  handle: async (input, ctx) => {
    const c = await ownCertificate(ctx, input.certificateId);
    if (!SETTABLE.has(input.newStatus)) throw invalidRequest(`Cannot set the certificate status to ${input.newStatus}`);
    if (c.status === 'REVOKED' && input.newStatus !== 'REVOKED')
      throw new ServiceError('CertificateStateException', 'A revoked certificate cannot be activated.');
    await ctx.store.iot.updateCertificate({
      ...c,
      status: input.newStatus,
      customerVersion: c.customerVersion + 1,
      generationId: generationId(),
      lastModifiedAt: ctx.now.toISOString(),
    });
    return {};
  },
});

export const DeleteCertificate = defineOperation<{ certificateId: string; forceDelete?: boolean }, Record<string, never>>({
  service: 'iot',
  name: 'DeleteCertificate',
  readOnly: false,
  authorize: (input, ctx) => [iotNeed('DeleteCertificate', iotArn(ctx, 'cert', input.certificateId))],
  handle: async (input, ctx) => {
    const c = await ownCertificate(ctx, input.certificateId);
    // AWS: "A certificate cannot be deleted if it has a policy or IoT thing attached to it or if its
    // status is set to ACTIVE"; forceDelete detaches its policies.
    if (c.status === 'ACTIVE') throw new ServiceError('CertificateStateException', 'Certificate must be deactivated (not ACTIVE) before deletion.');
    if ((await ctx.store.iot.principalThings(c.accountId, c.arn)).length > 0) {
      throw new ServiceError('DeleteConflictException', 'Things are attached to the certificate.');
    }
    const policies = await ctx.store.iot.policiesOf(c.accountId, c.arn);
    if (policies.length > 0 && input.forceDelete !== true) throw new ServiceError('DeleteConflictException', 'Policies are attached to the certificate.');
    for (const p of policies) await ctx.store.iot.detachPolicy(c.accountId, p.policyName, c.arn);
    await ctx.store.iot.deleteCertificate(c.certificateId);
    return {};
  },
});

type CertificateSummary = { certificateArn: string; certificateId: string; status: string; certificateMode: string; creationDate: Date };

function summary(c: IotCertificateRecord): CertificateSummary {
  return { certificateArn: c.arn, certificateId: c.certificateId, status: c.status, certificateMode: c.certificateMode, creationDate: date(c.createdAt) };
}

export const ListCertificates = defineOperation<{ pageSize?: number; marker?: string; ascendingOrder?: boolean }, Record<string, unknown>>({
  service: 'iot',
  name: 'ListCertificates',
  readOnly: true,
  authorize: () => [iotNeed('ListCertificates', '*')],
  handle: async (input, ctx) => {
    const { items, nextMarker } = iotPage(await ctx.store.iot.certificates(ctx.principal.accountId), input);
    return { certificates: items.map(summary), ...(nextMarker !== undefined ? { nextMarker } : {}) };
  },
});

export const ListCertificatesByCA = defineOperation<
  { caCertificateId: string; pageSize?: number; marker?: string; ascendingOrder?: boolean },
  Record<string, unknown>
>({
  service: 'iot',
  name: 'ListCertificatesByCA',
  readOnly: true,
  authorize: () => [iotNeed('ListCertificatesByCA', '*')],
  handle: async (input, ctx) => {
    await ownCa(ctx, input.caCertificateId);
    const { items, nextMarker } = iotPage(await ctx.store.iot.certificatesByCa(input.caCertificateId), input);
    return { certificates: items.map(summary), ...(nextMarker !== undefined ? { nextMarker } : {}) };
  },
});
