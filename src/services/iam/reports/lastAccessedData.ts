import type { ActionAccess, Store } from '../../../store/index.js';

/** An entity a last-accessed report covers (IAM's `EntityInfo`, the members used here). */
export interface ReportEntity {
  readonly Arn: string;
  readonly Name: string;
  readonly Type: 'USER' | 'ROLE' | 'GROUP';
}

/** What a report says of one service. */
export interface ServiceAccess {
  readonly last: ActionAccess;
  /** ARNs of the report's entities that accessed the service (a group counts when a member did). */
  readonly entities: ReadonlySet<string>;
  /** The latest access of each action, by action name. */
  readonly actions: ReadonlyMap<string, ActionAccess>;
}

/**
 * AWS: "IAM action last accessed information services and actions" — action-level data is
 * tracked for Amazon EC2, IAM, Lambda and Amazon S3 management actions.
 */
export const TRACKED_ACTION_SERVICES: ReadonlySet<string> = new Set(['ec2', 'iam', 'lambda', 's3']);

/**
 * Per service namespace, the latest access by any of `entities` (derived from the audit records).
 * A group's access is its members' (AWS: the report for a group covers the group's users).
 */
export async function serviceAccess(store: Store, accountId: string, entities: readonly ReportEntity[]): Promise<Map<string, ServiceAccess>> {
  const owners = new Map<string, string>();
  for (const e of entities) {
    if (e.Type !== 'GROUP') {
      owners.set(e.Arn, e.Arn);
      continue;
    }
    let marker: string | undefined;
    do {
      const page = await store.groups.members(accountId, e.Name, marker === undefined ? {} : { marker });
      for (const member of page.items) {
        const user = await store.users.get(accountId, member);
        if (user !== undefined && !owners.has(user.arn)) owners.set(user.arn, e.Arn);
      }
      marker = page.isTruncated ? page.marker : undefined;
    } while (marker !== undefined);
  }
  const result = new Map<string, { last: ActionAccess; entities: Set<string>; actions: Map<string, ActionAccess> }>();
  for (const a of await store.auditLastAccessed.forEntities([...owners.keys()])) {
    const entry = result.get(a.service) ?? { last: a, entities: new Set<string>(), actions: new Map<string, ActionAccess>() };
    if (entry.last.at < a.at) entry.last = a;
    entry.entities.add(owners.get(a.entityArn)!);
    const known = entry.actions.get(a.action);
    if (known === undefined || known.at < a.at) entry.actions.set(a.action, a);
    result.set(a.service, entry);
  }
  return result;
}

/** The last-accessed members of one `ServiceLastAccessed` entry. */
export function serviceLastAccessedFields(access: ServiceAccess | undefined, namespace: string, granularity: string): Record<string, unknown> {
  if (access === undefined) return { TotalAuthenticatedEntities: 0 };
  return {
    LastAuthenticated: new Date(access.last.at),
    LastAuthenticatedEntity: access.last.entityArn,
    LastAuthenticatedRegion: access.last.region,
    TotalAuthenticatedEntities: access.entities.size,
    ...(granularity === 'ACTION_LEVEL' && TRACKED_ACTION_SERVICES.has(namespace)
      ? {
          TrackedActionsLastAccessed: [...access.actions.values()]
            .sort((a, b) => a.action.localeCompare(b.action))
            .map((a) => ({ ActionName: a.action, LastAccessedEntity: a.entityArn, LastAccessedTime: new Date(a.at), LastAccessedRegion: a.region })),
        }
      : {}),
  };
}

/** When one entity of a report last accessed `namespace` (for GetServiceLastAccessedDetailsWithEntities). */
export async function entityLastAuthenticated(store: Store, accountId: string, entity: ReportEntity, namespace: string): Promise<Date | undefined> {
  const access = (await serviceAccess(store, accountId, [entity])).get(namespace);
  return access === undefined ? undefined : new Date(access.last.at);
}
