import { isCertificateAuthority, parsePemBundle, strongSignature } from '../../auth/index.js';
import type { NotificationSettingRecord, TrustAnchorRecord } from '../../store/index.js';
import type { TrustAnchorSource } from '../../store/index.js';
import { defineOperation, type OperationContext } from '../operation.js';
import {
  date,
  found,
  newResourceId,
  page,
  readTrustAnchor,
  requestTags,
  resourceArn,
  resourceNeed,
  saveTags,
  TAG_KIND,
  validation,
  type WireTag,
} from './resources.js';

/**
 * IAM Roles Anywhere trust anchors: a CA bundle that end-entity certificates must chain to,
 * enabled or disabled, with its expiry notification settings.
 *
 * AWS: IAM Roles Anywhere API Reference (CreateTrustAnchor, GetTrustAnchor, ListTrustAnchors,
 * UpdateTrustAnchor, DeleteTrustAnchor, EnableTrustAnchor, DisableTrustAnchor,
 * PutNotificationSettings, ResetNotificationSettings); User Guide, trust model ("Certificates used
 * as trust anchors … The key usage MUST include Certificate Sign … Basic constraints MUST include
 * CA: true"; "The signing algorithm MUST include SHA256 or stronger").
 */

interface SourceInput {
  sourceType?: string;
  sourceData?: { x509CertificateData?: string; acmPcaArn?: string };
}

interface NotificationSettingInput {
  event: string;
  enabled: boolean;
  threshold?: number;
  channel?: string;
}

/** AWS: the settings a new trust anchor has, configured by the service (threshold in days). */
const DEFAULT_NOTIFICATIONS: readonly NotificationSettingRecord[] = [
  { event: 'CA_CERTIFICATE_EXPIRY', enabled: true, threshold: 45, channel: 'ALL', configuredBy: 'rolesanywhere.amazonaws.com' },
  { event: 'END_ENTITY_CERTIFICATE_EXPIRY', enabled: true, threshold: 45, channel: 'ALL', configuredBy: 'rolesanywhere.amazonaws.com' },
];

/**
 * Checks a trust anchor's source: a bundle of PEM CA certificates, each valid now, a CA allowed
 * to sign certificates, signed with SHA-256 or stronger. AWS Private CA sources need a Private CA,
 * which Gatehouse has not; `SELF_SIGNED_REPOSITORY` is the service's own.
 */
function checkSource(source: SourceInput, now: Date): TrustAnchorSource {
  const type = source.sourceType;
  const data = source.sourceData ?? {};
  if (type === undefined)
    throw validation("1 validation error detected: Value null at 'source.sourceType' failed to satisfy constraint: Member must not be null");
  if (data.x509CertificateData !== undefined && data.acmPcaArn !== undefined)
    throw validation('Only one of sourceData.x509CertificateData and sourceData.acmPcaArn may be set');
  if (type !== 'CERTIFICATE_BUNDLE') {
    throw validation(
      type === 'AWS_ACM_PCA'
        ? 'Gatehouse has no AWS Private Certificate Authority: import the CA certificate as a CERTIFICATE_BUNDLE trust anchor'
        : `Invalid source type: ${type}`,
    );
  }
  const pem = data.x509CertificateData;
  if (pem === undefined) throw validation('A CERTIFICATE_BUNDLE trust anchor needs sourceData.x509CertificateData');
  const bundle = parsePemBundle(pem);
  if (bundle === undefined) throw validation('Invalid certificate bundle: x509CertificateData must hold one or more PEM certificates and nothing else');
  for (const cert of bundle) {
    if (!isCertificateAuthority(cert)) {
      throw validation(
        `Invalid certificate \`${cert.subject}\`: a trust anchor certificate must be a CA (basic constraints CA: true, key usage Certificate Sign)`,
      );
    }
    if (!strongSignature(cert))
      throw validation(`Invalid certificate \`${cert.subject}\`: it must be signed with SHA-256 or stronger, not ${cert.signatureHash}`);
    if (cert.notAfter.getTime() < now.getTime() || cert.notBefore.getTime() > now.getTime()) {
      throw validation(`Invalid certificate \`${cert.subject}\`: it is not valid now (${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()})`);
    }
  }
  return { sourceType: type, sourceData: { x509CertificateData: pem } };
}

/** The settings after `changes`: each replaces the one of its event (and channel), configured by the caller. */
function withSettings(current: readonly NotificationSettingRecord[], changes: readonly NotificationSettingInput[], by: string): NotificationSettingRecord[] {
  const next = current.map((s) => ({ ...s }));
  for (const change of changes) {
    const channel = change.channel ?? 'ALL';
    const i = next.findIndex((s) => s.event === change.event && (s.channel ?? 'ALL') === channel);
    const base = i >= 0 ? next[i]! : DEFAULT_NOTIFICATIONS.find((d) => d.event === change.event)!;
    const setting: NotificationSettingRecord = {
      event: change.event,
      enabled: change.enabled,
      channel,
      threshold: change.threshold ?? base.threshold ?? 45,
      configuredBy: by,
    };
    if (i >= 0) next[i] = setting;
    else next.push(setting);
  }
  return next;
}

/** A trust anchor in the API's shape. */
export function trustAnchorOutput(t: TrustAnchorRecord): Record<string, unknown> {
  return {
    trustAnchorArn: t.arn,
    trustAnchorId: t.trustAnchorId,
    name: t.name,
    enabled: t.enabled,
    source: { sourceType: t.sourceType, sourceData: t.sourceData },
    notificationSettings: t.notificationSettings,
    createdAt: date(t.createdAt),
    updatedAt: date(t.updatedAt),
  };
}

interface ById {
  trustAnchorId: string;
}

async function trustAnchorNeed(ctx: OperationContext, action: string, id: string) {
  const anchor = await readTrustAnchor(ctx, id);
  return [await resourceNeed(ctx, action, anchor?.arn ?? resourceArn(ctx, 'trust-anchor', id))];
}

async function existing(ctx: OperationContext, id: string): Promise<TrustAnchorRecord> {
  return found(await ctx.store.rolesAnywhere.trustAnchor(id), 'trust-anchor');
}

export const CreateTrustAnchor = defineOperation<
  { name: string; source: SourceInput; enabled?: boolean; tags?: WireTag[]; notificationSettings?: NotificationSettingInput[] },
  { trustAnchor: Record<string, unknown> }
>({
  service: 'rolesanywhere',
  name: 'CreateTrustAnchor',
  readOnly: false,
  authorize: (input) => [{ action: 'rolesanywhere:CreateTrustAnchor', resource: '*', context: requestTags(input.tags) }],
  handle: async (input, ctx) => {
    const source = checkSource(input.source, ctx.now);
    const id = newResourceId();
    const arn = resourceArn(ctx, 'trust-anchor', id);
    const anchor = await ctx.store.rolesAnywhere.createTrustAnchor({
      accountId: ctx.principal.accountId,
      trustAnchorId: id,
      arn,
      name: input.name,
      enabled: input.enabled ?? false,
      ...source,
      notificationSettings: withSettings(DEFAULT_NOTIFICATIONS, input.notificationSettings ?? [], ctx.principal.arn),
    });
    await saveTags(ctx, arn, input.tags);
    return { trustAnchor: trustAnchorOutput(anchor) };
  },
});

export const GetTrustAnchor = defineOperation<ById, { trustAnchor: Record<string, unknown> }>({
  service: 'rolesanywhere',
  name: 'GetTrustAnchor',
  readOnly: true,
  authorize: (input, ctx) => trustAnchorNeed(ctx, 'GetTrustAnchor', input.trustAnchorId),
  handle: async (input, ctx) => ({ trustAnchor: trustAnchorOutput(found(await readTrustAnchor(ctx, input.trustAnchorId), 'trust-anchor')) }),
});

export const ListTrustAnchors = defineOperation<{ nextToken?: string; pageSize?: number }, { trustAnchors: Record<string, unknown>[]; nextToken?: string }>({
  service: 'rolesanywhere',
  name: 'ListTrustAnchors',
  readOnly: true,
  authorize: () => [{ action: 'rolesanywhere:ListTrustAnchors', resource: '*' }],
  handle: async (input, ctx) => {
    const { items, nextToken } = page(await ctx.store.rolesAnywhere.trustAnchors(ctx.principal.accountId), input);
    return { trustAnchors: items.map(trustAnchorOutput), ...(nextToken !== undefined ? { nextToken } : {}) };
  },
});

export const UpdateTrustAnchor = defineOperation<ById & { name?: string; source?: SourceInput }, { trustAnchor: Record<string, unknown> }>({
  service: 'rolesanywhere',
  name: 'UpdateTrustAnchor',
  readOnly: false,
  authorize: (input, ctx) => trustAnchorNeed(ctx, 'UpdateTrustAnchor', input.trustAnchorId),
  handle: async (input, ctx) => {
    await existing(ctx, input.trustAnchorId);
    const source = input.source === undefined ? {} : checkSource(input.source, ctx.now);
    const updated = await ctx.store.rolesAnywhere.updateTrustAnchor(input.trustAnchorId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...source,
    });
    return { trustAnchor: trustAnchorOutput(updated!) };
  },
});

export const DeleteTrustAnchor = defineOperation<ById, { trustAnchor: Record<string, unknown> }>({
  service: 'rolesanywhere',
  name: 'DeleteTrustAnchor',
  readOnly: false,
  authorize: (input, ctx) => trustAnchorNeed(ctx, 'DeleteTrustAnchor', input.trustAnchorId),
  handle: async (input, ctx) => {
    const anchor = await existing(ctx, input.trustAnchorId);
    await ctx.store.rolesAnywhere.deleteTrustAnchor(anchor.trustAnchorId);
    await ctx.store.tags.deleteAll(anchor.accountId, TAG_KIND, anchor.arn);
    return { trustAnchor: trustAnchorOutput(anchor) };
  },
});

function setEnabled(name: 'EnableTrustAnchor' | 'DisableTrustAnchor', enabled: boolean) {
  return defineOperation<ById, { trustAnchor: Record<string, unknown> }>({
    service: 'rolesanywhere',
    name,
    readOnly: false,
    authorize: (input, ctx) => trustAnchorNeed(ctx, name, input.trustAnchorId),
    handle: async (input, ctx) => {
      await existing(ctx, input.trustAnchorId);
      return { trustAnchor: trustAnchorOutput((await ctx.store.rolesAnywhere.updateTrustAnchor(input.trustAnchorId, { enabled }))!) };
    },
  });
}

export const EnableTrustAnchor = setEnabled('EnableTrustAnchor', true);
export const DisableTrustAnchor = setEnabled('DisableTrustAnchor', false);

export const PutNotificationSettings = defineOperation<ById & { notificationSettings: NotificationSettingInput[] }, { trustAnchor: Record<string, unknown> }>({
  service: 'rolesanywhere',
  name: 'PutNotificationSettings',
  readOnly: false,
  authorize: (input, ctx) => trustAnchorNeed(ctx, 'PutNotificationSettings', input.trustAnchorId),
  handle: async (input, ctx) => {
    const anchor = await existing(ctx, input.trustAnchorId);
    const notificationSettings = withSettings(anchor.notificationSettings, input.notificationSettings, ctx.principal.arn);
    return { trustAnchor: trustAnchorOutput((await ctx.store.rolesAnywhere.updateTrustAnchor(anchor.trustAnchorId, { notificationSettings }))!) };
  },
});

export const ResetNotificationSettings = defineOperation<
  ById & { notificationSettingKeys: { event: string; channel?: string }[] },
  { trustAnchor: Record<string, unknown> }
>({
  service: 'rolesanywhere',
  name: 'ResetNotificationSettings',
  readOnly: false,
  authorize: (input, ctx) => trustAnchorNeed(ctx, 'ResetNotificationSettings', input.trustAnchorId),
  handle: async (input, ctx) => {
    const anchor = await existing(ctx, input.trustAnchorId);
    const reset = (s: NotificationSettingRecord) =>
      input.notificationSettingKeys.some((k) => k.event === s.event && (k.channel ?? 'ALL') === (s.channel ?? 'ALL'))
        ? (DEFAULT_NOTIFICATIONS.find((d) => d.event === s.event) ?? s)
        : s;
    const notificationSettings = anchor.notificationSettings.map(reset);
    return { trustAnchor: trustAnchorOutput((await ctx.store.rolesAnywhere.updateTrustAnchor(anchor.trustAnchorId, { notificationSettings }))!) };
  },
});
