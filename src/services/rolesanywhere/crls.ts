import { parsePemBundle, trustedCrl } from '../../auth/index.js';
import type { CrlRecord } from '../../store/index.js';
import { defineOperation, type OperationContext } from '../operation.js';
import {
  date,
  found,
  newResourceId,
  notFound,
  page,
  readCrl,
  requestTags,
  resourceArn,
  resourceNeed,
  saveTags,
  TAG_KIND,
  validation,
  type WireTag,
} from './resources.js';

/**
 * Certificate revocation lists imported for a trust anchor: certificates they revoke no longer
 * authenticate (while the CRL is enabled).
 *
 * AWS: IAM Roles Anywhere API Reference (ImportCrl, GetCrl, ListCrls, UpdateCrl, DeleteCrl,
 * EnableCrl, DisableCrl); User Guide, "Revocation" ("Certificate revocation is supported through
 * the use of imported certificate revocation lists (CRLs) … Callbacks to CRL Distribution Points
 * (CDPs) or Online Certificate Status Protocol (OCSP) endpoints are not supported").
 * Gatehouse accepts a CRL (DER, or PEM) that a certificate of the trust anchor's bundle signed.
 */

/** A CRL in the API's shape. */
export function crlOutput(c: CrlRecord): Record<string, unknown> {
  return {
    crlArn: c.arn,
    crlId: c.crlId,
    name: c.name,
    enabled: c.enabled,
    trustAnchorArn: c.trustAnchorArn,
    crlData: Buffer.from(c.crlData, 'base64'),
    createdAt: date(c.createdAt),
    updatedAt: date(c.updatedAt),
  };
}

/** The CRL bytes, checked against the trust anchor's certificates; base64 of what was given. */
async function checkCrl(ctx: OperationContext, trustAnchorArn: string, data: Uint8Array): Promise<string> {
  const anchor = await ctx.store.rolesAnywhere.trustAnchorByArn(trustAnchorArn);
  if (anchor === undefined || anchor.accountId !== ctx.principal.accountId) throw notFound('trust-anchor');
  const issuers = parsePemBundle(anchor.sourceData.x509CertificateData ?? '') ?? [];
  if ((await trustedCrl(data, issuers)) === undefined) {
    throw validation('Invalid CRL: crlData must be an X.509 CRL signed by a certificate of the trust anchor');
  }
  return Buffer.from(data).toString('base64');
}

interface ById {
  crlId: string;
}

async function crlNeeds(ctx: OperationContext, action: string, id: string) {
  const crl = await readCrl(ctx, id);
  return [await resourceNeed(ctx, action, crl?.arn ?? resourceArn(ctx, 'crl', id))];
}

async function existing(ctx: OperationContext, id: string): Promise<CrlRecord> {
  const crl = await ctx.store.rolesAnywhere.crl(id);
  return found(crl?.accountId === ctx.principal.accountId ? crl : undefined, 'crl');
}

export const ImportCrl = defineOperation<
  { name: string; crlData: Uint8Array; trustAnchorArn: string; enabled?: boolean; tags?: WireTag[] },
  { crl: Record<string, unknown> }
>({
  service: 'rolesanywhere',
  name: 'ImportCrl',
  readOnly: false,
  authorize: (input) => [{ action: 'rolesanywhere:ImportCrl', resource: '*', context: requestTags(input.tags) }],
  handle: async (input, ctx) => {
    const crlData = await checkCrl(ctx, input.trustAnchorArn, input.crlData);
    const id = newResourceId();
    const arn = resourceArn(ctx, 'crl', id);
    const crl = await ctx.store.rolesAnywhere.createCrl({
      accountId: ctx.principal.accountId,
      crlId: id,
      arn,
      name: input.name,
      enabled: input.enabled ?? false,
      trustAnchorArn: input.trustAnchorArn,
      crlData,
    });
    await saveTags(ctx, arn, input.tags);
    return { crl: crlOutput(crl) };
  },
});

export const GetCrl = defineOperation<ById, { crl: Record<string, unknown> }>({
  service: 'rolesanywhere',
  name: 'GetCrl',
  readOnly: true,
  authorize: (input, ctx) => crlNeeds(ctx, 'GetCrl', input.crlId),
  handle: async (input, ctx) => ({ crl: crlOutput(found(await readCrl(ctx, input.crlId), 'crl')) }),
});

export const ListCrls = defineOperation<{ nextToken?: string; pageSize?: number }, { crls: Record<string, unknown>[]; nextToken?: string }>({
  service: 'rolesanywhere',
  name: 'ListCrls',
  readOnly: true,
  authorize: () => [{ action: 'rolesanywhere:ListCrls', resource: '*' }],
  handle: async (input, ctx) => {
    const { items, nextToken } = page(await ctx.store.rolesAnywhere.crls(ctx.principal.accountId), input);
    return { crls: items.map(crlOutput), ...(nextToken !== undefined ? { nextToken } : {}) };
  },
});

export const UpdateCrl = defineOperation<ById & { name?: string; crlData?: Uint8Array }, { crl: Record<string, unknown> }>({
  service: 'rolesanywhere',
  name: 'UpdateCrl',
  readOnly: false,
  authorize: (input, ctx) => crlNeeds(ctx, 'UpdateCrl', input.crlId),
  handle: async (input, ctx) => {
    const crl = await existing(ctx, input.crlId);
    const crlData = input.crlData === undefined ? undefined : await checkCrl(ctx, crl.trustAnchorArn, input.crlData);
    const updated = await ctx.store.rolesAnywhere.updateCrl(crl.crlId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(crlData !== undefined ? { crlData } : {}),
    });
    return { crl: crlOutput(updated!) };
  },
});

export const DeleteCrl = defineOperation<ById, { crl: Record<string, unknown> }>({
  service: 'rolesanywhere',
  name: 'DeleteCrl',
  readOnly: false,
  authorize: (input, ctx) => crlNeeds(ctx, 'DeleteCrl', input.crlId),
  handle: async (input, ctx) => {
    const crl = await existing(ctx, input.crlId);
    await ctx.store.rolesAnywhere.deleteCrl(crl.crlId);
    await ctx.store.tags.deleteAll(crl.accountId, TAG_KIND, crl.arn);
    return { crl: crlOutput(crl) };
  },
});

function setEnabled(name: 'EnableCrl' | 'DisableCrl', enabled: boolean) {
  return defineOperation<ById, { crl: Record<string, unknown> }>({
    service: 'rolesanywhere',
    name,
    readOnly: false,
    authorize: (input, ctx) => crlNeeds(ctx, name, input.crlId),
    handle: async (input, ctx) => {
      await existing(ctx, input.crlId);
      return { crl: crlOutput((await ctx.store.rolesAnywhere.updateCrl(input.crlId, { enabled }))!) };
    },
  });
}

export const EnableCrl = setEnabled('EnableCrl', true);
export const DisableCrl = setEnabled('DisableCrl', false);
