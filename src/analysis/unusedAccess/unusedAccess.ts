import type { PolicyReader } from '../../auth/policies/index.js';
import { unionOf, type Grants } from './grants.js';

/**
 * IAM Access Analyzer's unused access analysis over an account's IAM users and roles, their
 * identity policies (read through a PolicyReader: the store on a server, a snapshot offline) and
 * their last use (roles' and access keys' last used, passwords' last use, and service and action
 * last-accessed data). AWS: IAM User Guide, "IAM Access Analyzer findings" (unused access),
 * "Create an unused access analyzer" ("The analyzer will only evaluate permissions for IAM
 * entities ... that have existed for the entire tracking period"); API reference, UnusedIamRoleDetails,
 * UnusedIamUserAccessKeyDetails, UnusedIamUserPasswordDetails, UnusedPermissionDetails.
 *
 * - UnusedIAMRole: a role (not service-linked) not used within the tracking period. Such a role
 *   has no UnusedPermission finding: the whole role is unused.
 * - UnusedIAMUserAccessKey: an active access key not used within the period, one per key.
 * - UnusedIAMUserPassword: a console password not used within the period.
 * - UnusedPermission: per user or role, one detail per service its identity policies grant:
 *   a service not used within the period (with its last use ever, when there was one); for
 *   services whose actions are tracked one by one, the granted actions not used within the period,
 *   each with its last use. A service whose every granted action was used is not listed.
 * An entity, key or password younger than the tracking period is not analyzed yet.
 */

/** A last use of one action by one entity (last-accessed data). */
export interface ActionUse {
  /** The service prefix, e.g. `iam`. */
  readonly service: string;
  /** The action name, e.g. `CreateUser`. */
  readonly action: string;
  /** ISO 8601. */
  readonly at: string;
}

/** An IAM role as the analysis reads it. */
export interface UnusedAccessRole {
  readonly kind: 'role';
  readonly accountId: string;
  readonly name: string;
  readonly arn: string;
  readonly path: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly tags: Readonly<Record<string, string>>;
}

/** An IAM user as the analysis reads it. */
export interface UnusedAccessUser {
  readonly kind: 'user';
  readonly accountId: string;
  readonly name: string;
  readonly arn: string;
  readonly createdAt: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The console password (login profile), when the user has one. */
  readonly password?: { readonly createdAt: string; readonly lastUsedAt: string | null };
  readonly accessKeys: readonly { readonly accessKeyId: string; readonly status: string; readonly createdAt: string; readonly lastUsedAt: string | null }[];
}

export type UnusedAccessEntity = UnusedAccessRole | UnusedAccessUser;

/** AWS's FindingType of unused access findings. */
export type UnusedFindingType = 'UnusedIAMRole' | 'UnusedIAMUserAccessKey' | 'UnusedIAMUserPassword' | 'UnusedPermission';

/** One unused access finding: its type, the entity, what names it within the entity (`key`), and AWS's FindingDetails list. */
export interface UnusedAccessFinding {
  readonly findingType: UnusedFindingType;
  readonly resource: string;
  readonly resourceType: 'AWS::IAM::Role' | 'AWS::IAM::User';
  readonly resourceOwnerAccount: string;
  /** What tells two findings of one type and entity apart (the access key ID); empty otherwise. */
  readonly key: string;
  readonly findingDetails: readonly Readonly<Record<string, unknown>>[];
}

export interface UnusedAccessOptions {
  readonly now: Date;
  /** The tracking period in days (AWS: 1–365). */
  readonly unusedAccessAge: number;
  /** Services whose every action's use is recorded (action-level details); others are reported service by service. */
  readonly actionLevelServices: ReadonlySet<string>;
}

const DAY_MS = 24 * 3600 * 1000;
/** AWS: service-linked roles live under this path and are not analyzed. */
const SERVICE_LINKED_PATH = '/aws-service-role/';

/** The identity policy documents of an entity: inline and attached, and for a user its groups'. */
export async function identityDocuments(reader: PolicyReader, entity: UnusedAccessEntity): Promise<string[]> {
  const docs: string[] = [];
  const holders: ['user' | 'group' | 'role', string][] = [[entity.kind, entity.name]];
  if (entity.kind === 'user') for (const group of await reader.groupsOf(entity.accountId, entity.name)) holders.push(['group', group]);
  for (const [kind, name] of holders) {
    for (const p of await reader.inlinePolicies(entity.accountId, kind, name)) docs.push(p.document);
    for (const arn of await reader.attachedPolicies(entity.accountId, kind, name)) {
      const managed = await reader.managedPolicy(arn);
      if (managed !== undefined) docs.push(managed.document);
    }
  }
  return docs;
}

/** The unused access findings of the entities. `usesOf` gives an entity's last-accessed data. */
export async function unusedAccessFindings(
  entities: readonly UnusedAccessEntity[],
  reader: PolicyReader,
  usesOf: (arn: string) => readonly ActionUse[],
  options: UnusedAccessOptions,
): Promise<UnusedAccessFinding[]> {
  const cutoff = new Date(options.now.getTime() - options.unusedAccessAge * DAY_MS).toISOString();
  const old = (createdAt: string) => createdAt <= cutoff;
  const unused = (lastUsedAt: string | null) => lastUsedAt === null || lastUsedAt < cutoff;
  const out: UnusedAccessFinding[] = [];
  for (const entity of entities) {
    const base = {
      resource: entity.arn,
      resourceType: entity.kind === 'role' ? ('AWS::IAM::Role' as const) : ('AWS::IAM::User' as const),
      resourceOwnerAccount: entity.accountId,
    };
    if (!old(entity.createdAt)) continue;
    if (entity.kind === 'role') {
      if (entity.path.startsWith(SERVICE_LINKED_PATH)) continue;
      if (unused(entity.lastUsedAt)) {
        out.push({ ...base, findingType: 'UnusedIAMRole', key: '', findingDetails: [{ unusedIamRoleDetails: lastAccessed(entity.lastUsedAt) }] });
        continue;
      }
    } else {
      for (const key of entity.accessKeys) {
        if (key.status !== 'Active' || !old(key.createdAt) || !unused(key.lastUsedAt)) continue;
        out.push({
          ...base,
          findingType: 'UnusedIAMUserAccessKey',
          key: key.accessKeyId,
          findingDetails: [{ unusedIamUserAccessKeyDetails: { accessKeyId: key.accessKeyId, ...lastAccessed(key.lastUsedAt) } }],
        });
      }
      if (entity.password !== undefined && old(entity.password.createdAt) && unused(entity.password.lastUsedAt)) {
        out.push({
          ...base,
          findingType: 'UnusedIAMUserPassword',
          key: '',
          findingDetails: [{ unusedIamUserPasswordDetails: lastAccessed(entity.password.lastUsedAt) }],
        });
      }
    }
    const grants = unionOf(await identityDocuments(reader, entity));
    const details = unusedPermissionDetails(grants, usesOf(entity.arn), cutoff, options.actionLevelServices);
    if (details.length > 0)
      out.push({ ...base, findingType: 'UnusedPermission', key: '', findingDetails: details.map((d) => ({ unusedPermissionDetails: d })) });
  }
  return out;
}

function lastAccessed(at: string | null): { lastAccessed?: string } {
  return at === null ? {} : { lastAccessed: at };
}

/** One UnusedPermissionDetails per granted service with something unused, sorted by service. */
export function unusedPermissionDetails(
  grants: Grants,
  uses: readonly ActionUse[],
  cutoff: string,
  actionLevelServices: ReadonlySet<string>,
): Record<string, unknown>[] {
  const lastByAction = new Map<string, string>();
  const lastByService = new Map<string, string>();
  for (const u of uses) {
    const service = u.service.toLowerCase();
    const action = `${service}:${u.action}`.toLowerCase();
    if ((lastByAction.get(action) ?? '') < u.at) lastByAction.set(action, u.at);
    if ((lastByService.get(service) ?? '') < u.at) lastByService.set(service, u.at);
  }
  const out: Record<string, unknown>[] = [];
  for (const service of [...grants.keys()].sort()) {
    const serviceLast = lastByService.get(service);
    const serviceUsed = serviceLast !== undefined && serviceLast >= cutoff;
    if (!actionLevelServices.has(service)) {
      if (!serviceUsed) out.push({ serviceNamespace: service, ...(serviceLast !== undefined ? { lastAccessed: serviceLast } : {}) });
      continue;
    }
    const actions = [...grants.get(service)!]
      .sort()
      .map((action) => ({ action, last: lastByAction.get(action.toLowerCase()) }))
      .filter((a) => a.last === undefined || a.last < cutoff)
      .map((a) => ({ action: a.action, ...(a.last !== undefined ? { lastAccessed: a.last } : {}) }));
    if (actions.length === 0) continue;
    out.push({ serviceNamespace: service, actions, ...(serviceLast !== undefined ? { lastAccessed: serviceLast } : {}) });
  }
  return out;
}
