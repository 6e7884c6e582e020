import { randomUUID } from 'node:crypto';
import { ServiceError } from '../../errors.js';
import { parseArn } from '../../model/index.js';
import type { IotThingRecord } from '../../store/index.js';
import { defineOperation, type OperationContext } from '../operation.js';
import { invalidRequest, IOT_TAG_KIND, iotArn, iotNeed, iotPage, notFound, type IotTag } from './resources.js';

/**
 * Things, the certificates attached to them (a device names its thing to the credentials
 * provider in `x-amzn-iot-thingname`), and tags of IoT resources.
 *
 * AWS: AWS IoT API Reference (CreateThing, DescribeThing, DeleteThing, AttachThingPrincipal,
 * DetachThingPrincipal, ListThingPrincipals, ListPrincipalThings, TagResource, UntagResource,
 * ListTagsForResource).
 */

async function ownThing(ctx: OperationContext, name: string): Promise<IotThingRecord> {
  const thing = await ctx.store.iot.thing(ctx.principal.accountId, name);
  if (thing === undefined) throw notFound(`Thing ${name} cannot be found.`);
  return thing;
}

function thingOutput(t: IotThingRecord): Record<string, unknown> {
  return {
    defaultClientId: t.thingName,
    thingName: t.thingName,
    thingId: t.thingId,
    thingArn: t.arn,
    ...(t.thingTypeName !== null ? { thingTypeName: t.thingTypeName } : {}),
    attributes: t.attributes,
    version: t.version,
  };
}

export const CreateThing = defineOperation<
  { thingName: string; thingTypeName?: string; attributePayload?: { attributes?: Record<string, string> } },
  { thingName: string; thingArn: string; thingId: string }
>({
  service: 'iot',
  name: 'CreateThing',
  readOnly: false,
  authorize: (input, ctx) => [iotNeed('CreateThing', iotArn(ctx, 'thing', input.thingName))],
  handle: async (input, ctx) => {
    const attributes = input.attributePayload?.attributes ?? {};
    const existing = await ctx.store.iot.thing(ctx.principal.accountId, input.thingName);
    if (existing !== undefined) {
      // AWS: "If this call is made multiple times using the same thing name and configuration,
      // the call will succeed. If this call is made with the same thing name but different
      // configuration a ResourceAlreadyExistsException is thrown."
      const same = (existing.thingTypeName ?? undefined) === input.thingTypeName && JSON.stringify(existing.attributes) === JSON.stringify(attributes);
      if (!same) throw new ServiceError('ResourceAlreadyExistsException', `Thing ${input.thingName} already exists in account with different attributes`);
      return { thingName: existing.thingName, thingArn: existing.arn, thingId: existing.thingId };
    }
    const record: IotThingRecord = {
      accountId: ctx.principal.accountId,
      thingName: input.thingName,
      thingId: randomUUID(),
      arn: iotArn(ctx, 'thing', input.thingName),
      thingTypeName: input.thingTypeName ?? null,
      attributes,
      version: 1,
      createdAt: ctx.now.toISOString(),
    };
    await ctx.store.iot.createThing(record);
    return { thingName: record.thingName, thingArn: record.arn, thingId: record.thingId };
  },
});

export const DescribeThing = defineOperation<{ thingName: string }, Record<string, unknown>>({
  service: 'iot',
  name: 'DescribeThing',
  readOnly: true,
  authorize: (input, ctx) => [iotNeed('DescribeThing', iotArn(ctx, 'thing', input.thingName))],
  handle: async (input, ctx) => thingOutput(await ownThing(ctx, input.thingName)),
});

export const DeleteThing = defineOperation<{ thingName: string; expectedVersion?: number }, Record<string, never>>({
  service: 'iot',
  name: 'DeleteThing',
  readOnly: false,
  authorize: (input, ctx) => [iotNeed('DeleteThing', iotArn(ctx, 'thing', input.thingName))],
  handle: async (input, ctx) => {
    const thing = await ctx.store.iot.thing(ctx.principal.accountId, input.thingName);
    // AWS: "Deleting a thing that doesn't exist does not return an error."
    if (thing === undefined) return {};
    if (input.expectedVersion !== undefined && input.expectedVersion !== thing.version) {
      throw new ServiceError('VersionConflictException', `The version for thing ${thing.thingName} does not match the expected version.`);
    }
    if ((await ctx.store.iot.thingPrincipals(thing.accountId, thing.thingName)).length > 0) {
      throw invalidRequest(`Cannot delete thing ${thing.thingName}: principals are attached to it; detach them first.`);
    }
    await ctx.store.iot.deleteThing(thing.accountId, thing.thingName);
    return {};
  },
});

/** A principal of the account that a thing can be attached to: a certificate. */
async function checkPrincipal(ctx: OperationContext, principal: string): Promise<void> {
  const arn = parseArn(principal);
  const id = arn?.resource.startsWith('cert/') === true ? arn.resource.slice('cert/'.length) : undefined;
  const cert = id === undefined ? undefined : await ctx.store.iot.certificate(id);
  if (cert === undefined || cert.accountId !== ctx.principal.accountId || cert.arn !== principal) throw notFound(`Principal ${principal} does not exist`);
}

export const AttachThingPrincipal = defineOperation<{ thingName: string; principal: string }, Record<string, never>>({
  service: 'iot',
  name: 'AttachThingPrincipal',
  readOnly: false,
  authorize: (input, ctx) => [iotNeed('AttachThingPrincipal', input.principal, { 'iot:thingArn': iotArn(ctx, 'thing', input.thingName) })],
  handle: async (input, ctx) => {
    const thing = await ownThing(ctx, input.thingName);
    await checkPrincipal(ctx, input.principal);
    await ctx.store.iot.attachThingPrincipal(thing.accountId, thing.thingName, input.principal);
    return {};
  },
});

export const DetachThingPrincipal = defineOperation<{ thingName: string; principal: string }, Record<string, never>>({
  service: 'iot',
  name: 'DetachThingPrincipal',
  readOnly: false,
  authorize: (input, ctx) => [iotNeed('DetachThingPrincipal', input.principal, { 'iot:thingArn': iotArn(ctx, 'thing', input.thingName) })],
  handle: async (input, ctx) => {
    const thing = await ownThing(ctx, input.thingName);
    await ctx.store.iot.detachThingPrincipal(thing.accountId, thing.thingName, input.principal);
    return {};
  },
});

function tokenPage<T>(items: readonly T[], input: { nextToken?: string; maxResults?: number }): { items: T[]; nextToken?: string } {
  const { items: page, nextMarker } = iotPage(items, {
    ...(input.nextToken !== undefined ? { marker: input.nextToken } : {}),
    pageSize: input.maxResults ?? 25,
  });
  return { items: page, ...(nextMarker !== undefined ? { nextToken: nextMarker } : {}) };
}

export const ListThingPrincipals = defineOperation<{ thingName: string; nextToken?: string; maxResults?: number }, Record<string, unknown>>({
  service: 'iot',
  name: 'ListThingPrincipals',
  readOnly: true,
  authorize: (input, ctx) => [iotNeed('ListThingPrincipals', iotArn(ctx, 'thing', input.thingName))],
  handle: async (input, ctx) => {
    const thing = await ownThing(ctx, input.thingName);
    const { items, nextToken } = tokenPage(await ctx.store.iot.thingPrincipals(thing.accountId, thing.thingName), input);
    return { principals: items, ...(nextToken !== undefined ? { nextToken } : {}) };
  },
});

export const ListPrincipalThings = defineOperation<{ principal: string; nextToken?: string; maxResults?: number }, Record<string, unknown>>({
  service: 'iot',
  name: 'ListPrincipalThings',
  readOnly: true,
  authorize: () => [iotNeed('ListPrincipalThings', '*')],
  handle: async (input, ctx) => {
    const { items, nextToken } = tokenPage(await ctx.store.iot.principalThings(ctx.principal.accountId, input.principal), input);
    return { things: items, ...(nextToken !== undefined ? { nextToken } : {}) };
  },
});

/** The IoT resource an ARN names in the caller's account, when it exists. */
async function taggable(ctx: OperationContext, resourceArn: string): Promise<string> {
  const arn = parseArn(resourceArn);
  const slash = arn?.resource.indexOf('/') ?? -1;
  const type = arn?.resource.slice(0, slash);
  const name = arn?.resource.slice(slash + 1) ?? '';
  const iot = ctx.store.iot;
  const account = ctx.principal.accountId;
  const exists =
    arn?.service === 'iot' && arn.accountId === account
      ? type === 'rolealias'
        ? (await iot.roleAlias(account, name)) !== undefined
        : type === 'policy'
          ? (await iot.policy(account, name)) !== undefined
          : type === 'cacert'
            ? (await iot.caCertificate(name))?.accountId === account
            : type === 'thing'
              ? (await iot.thing(account, name)) !== undefined
              : false
      : false;
  if (!exists) throw notFound(`Resource ${resourceArn} does not exist`);
  return resourceArn;
}

export const TagResource = defineOperation<{ resourceArn: string; tags: IotTag[] }, Record<string, never>>({
  service: 'iot',
  name: 'TagResource',
  readOnly: false,
  authorize: (input) => [iotNeed('TagResource', input.resourceArn)],
  handle: async (input, ctx) => {
    await ctx.store.tags.put(ctx.principal.accountId, IOT_TAG_KIND, await taggable(ctx, input.resourceArn), input.tags);
    return {};
  },
});

export const UntagResource = defineOperation<{ resourceArn: string; tagKeys: string[] }, Record<string, never>>({
  service: 'iot',
  name: 'UntagResource',
  readOnly: false,
  authorize: (input) => [iotNeed('UntagResource', input.resourceArn)],
  handle: async (input, ctx) => {
    await ctx.store.tags.remove(ctx.principal.accountId, IOT_TAG_KIND, await taggable(ctx, input.resourceArn), input.tagKeys);
    return {};
  },
});

export const ListTagsForResource = defineOperation<{ resourceArn: string; nextToken?: string }, Record<string, unknown>>({
  service: 'iot',
  name: 'ListTagsForResource',
  readOnly: true,
  authorize: (input) => [iotNeed('ListTagsForResource', input.resourceArn)],
  handle: async (input, ctx) => {
    const tags = await ctx.store.tags.list(ctx.principal.accountId, IOT_TAG_KIND, await taggable(ctx, input.resourceArn));
    const { items, nextToken } = tokenPage(tags, { ...(input.nextToken !== undefined ? { nextToken: input.nextToken } : {}), maxResults: 50 });
    return { tags: items, ...(nextToken !== undefined ? { nextToken } : {}) };
  },
});
