import { findAction, findResourceType, serviceName } from '../../catalog/index.js';

/**
 * IAM Access Analyzer's policy generation from access activity: an identity policy allowing what a
 * user or role did, read from its audit records (the trail plays CloudTrail's role). Each record's
 * authorization (the actions the call was authorized for, and the resource each was on) tells what
 * was used; only allowed uses count (a refused call is not access the principal needs).
 * AWS: IAM User Guide, "IAM Access Analyzer policy generation" ("IAM Access Analyzer identifies the
 * actions used ... for services that support action-level data; for other services it can include
 * a service-level template"); API reference, GetGeneratedPolicy (`includeResourcePlaceholders`,
 * `includeServiceLevelTemplate`), GeneratedPolicyProperties.
 *
 * - An action the service authorization reference lists is granted on the resources the records
 *   name (or `*` when a call was on no resource); actions with the same resources share one
 *   statement (`SupportedServiceSid<n>`, AWS's Sid).
 * - With `includeResourcePlaceholders`, an action used only on `*` names its resource type's ARN
 *   format instead, partition, region and account filled in, the rest left as placeholders.
 * - An action the reference does not list, of a service it does, is granted as the whole service
 *   (`service:*`) only with `includeServiceLevelTemplate`.
 * - Policies are kept under IAM's 6,144-character limit for managed policies, splitting the
 *   statements over several policies when needed.
 */

/** The authorization of one recorded call, as the audit record keeps it. */
export interface RecordedAuthorization {
  readonly decisions: readonly { readonly action: string; readonly resource: string; readonly result: string }[];
}

export interface GenerationOptions {
  readonly accountId: string;
  readonly region: string;
  readonly includeResourcePlaceholders?: boolean;
  readonly includeServiceLevelTemplate?: boolean;
}

/** AWS: a customer managed policy is at most 6,144 characters (IAM quotas). */
export const MAX_POLICY_CHARACTERS = 6144;

interface Use {
  readonly action: string;
  readonly resources: Set<string>;
}

type JsonStatement = { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string | string[] };

/** The policy documents (JSON text) that allow what the records show was used. */
export function generatePolicies(records: readonly RecordedAuthorization[], options: GenerationOptions): string[] {
  const uses = new Map<string, Use>();
  const serviceLevel = new Set<string>();
  for (const record of records) {
    for (const d of record.decisions) {
      if (d.result !== 'Allowed') continue;
      const colon = d.action.indexOf(':');
      if (colon <= 0) continue;
      const service = d.action.slice(0, colon).toLowerCase();
      const info = findAction(service, d.action.slice(colon + 1));
      if (info === undefined) {
        if (serviceName(service) !== undefined) serviceLevel.add(service);
        continue;
      }
      const action = `${service}:${info.name}`;
      let use = uses.get(action);
      if (use === undefined) uses.set(action, (use = { action, resources: new Set() }));
      use.resources.add(d.resource);
    }
  }
  const groups = new Map<string, { resources: string | string[]; actions: string[] }>();
  for (const use of [...uses.values()].sort((a, b) => (a.action < b.action ? -1 : 1))) {
    const resources = resourcesOf(use, options);
    const key = JSON.stringify(resources);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { resources, actions: [use.action] });
    else group.actions.push(use.action);
  }
  const statements: JsonStatement[] = [...groups.values()].map((g, i) => ({
    Sid: `SupportedServiceSid${i}`,
    Effect: 'Allow',
    Action: g.actions,
    Resource: g.resources,
  }));
  if (options.includeServiceLevelTemplate === true && serviceLevel.size > 0) {
    statements.push({ Sid: 'ServiceLevelSid0', Effect: 'Allow', Action: [...serviceLevel].sort().map((s) => `${s}:*`), Resource: '*' });
  }
  return pack(statements);
}

/** The Resource of an action's statement: the ARNs the records name, `*`, or its placeholder ARN. */
function resourcesOf(use: Use, options: GenerationOptions): string | string[] {
  const named = [...use.resources].filter((r) => r !== '*' && r !== '').sort();
  if (named.length > 0 && !use.resources.has('*')) return named.length === 1 ? named[0]! : named;
  if (options.includeResourcePlaceholders !== true) return '*';
  const [service, name] = use.action.split(':') as [string, string];
  const info = findAction(service, name);
  // The required resource type, or else the simplest (fewest placeholders: an S3 object, not an access point's object).
  const types = (info?.resourceTypes ?? []).flatMap((t) => {
    const found = findResourceType(service, t.name);
    return found === undefined ? [] : [{ required: t.required, arn: found.arnFormat }];
  });
  const holes = (arn: string) => arn.split('${').length;
  const type = types.find((t) => t.required) ?? [...types].sort((a, b) => holes(a.arn) - holes(b.arn))[0];
  if (type === undefined) return '*';
  return type.arn.replaceAll('${Partition}', 'aws').replaceAll('${Region}', options.region).replaceAll('${Account}', options.accountId);
}

/** Statements packed into policies of at most MAX_POLICY_CHARACTERS characters each. */
function pack(statements: readonly JsonStatement[]): string[] {
  const policies: string[] = [];
  let current: JsonStatement[] = [];
  const text = (list: JsonStatement[]) => JSON.stringify({ Version: '2012-10-17', Statement: list });
  for (const s of statements) {
    if (current.length > 0 && text([...current, s]).length > MAX_POLICY_CHARACTERS) {
      policies.push(text(current));
      current = [];
    }
    current.push(s);
  }
  if (current.length > 0) policies.push(text(current));
  return policies;
}
