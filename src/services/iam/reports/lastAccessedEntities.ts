import type { Store } from '../../../store/index.js';

/**
 * The entities a last-accessed job reports on, as IAM's `EntityInfo`.
 *
 * AWS: API_GetServiceLastAccessedDetailsWithEntities — for a group, the users in the group; for a
 * user or role, the entity itself; for a managed policy, the users, groups and roles it is
 * attached to.
 */

/** IAM's `EntityInfo`. */
export interface EntityInfo {
  readonly Arn: string;
  readonly Name: string;
  readonly Type: 'USER' | 'ROLE' | 'GROUP';
  readonly Id: string;
  readonly Path: string;
}

type Kind = 'user' | 'group' | 'role';

const TYPES: Readonly<Record<Kind, EntityInfo['Type']>> = { user: 'USER', group: 'GROUP', role: 'ROLE' };

/** The entity of `kind` named `name` (any case) as `EntityInfo`, if it exists. */
async function entityNamed(store: Store, accountId: string, kind: Kind, name: string): Promise<EntityInfo | undefined> {
  if (kind === 'user') {
    const user = await store.users.get(accountId, name);
    return user && { Arn: user.arn, Name: user.name, Type: TYPES.user, Id: user.userId, Path: user.path };
  }
  if (kind === 'group') {
    const group = await store.groups.get(accountId, name);
    return group && { Arn: group.arn, Name: group.name, Type: TYPES.group, Id: group.groupId, Path: group.path };
  }
  const role = await store.roles.get(accountId, name);
  return role && { Arn: role.arn, Name: role.name, Type: TYPES.role, Id: role.roleId, Path: role.path };
}

async function entitiesNamed(store: Store, accountId: string, kind: Kind, names: readonly string[]): Promise<EntityInfo[]> {
  const found: EntityInfo[] = [];
  for (const name of new Set(names.map((n) => n.toLowerCase()))) {
    const entity = await entityNamed(store, accountId, kind, name);
    if (entity !== undefined) found.push(entity);
  }
  return found.sort((a, b) => a.Name.localeCompare(b.Name));
}

/** The entities for a job on `arn` (a user, group, role or managed policy ARN). */
export async function lastAccessedEntities(store: Store, accountId: string, arn: string): Promise<EntityInfo[]> {
  const resource = arn.split(':').slice(5).join(':');
  const kind = resource.slice(0, resource.indexOf('/')) as Kind | 'policy';
  const name = resource.slice(resource.lastIndexOf('/') + 1);
  if (kind === 'user' || kind === 'role') return entitiesNamed(store, accountId, kind, [name]);
  if (kind === 'group') {
    const members = await store.groups.memberships(accountId);
    const users = members.filter((m) => m.groupName.toLowerCase() === name.toLowerCase()).map((m) => m.userName);
    return entitiesNamed(store, accountId, 'user', users);
  }
  const attachments = await store.policyAttachments.listForPolicy(accountId, arn);
  const out: EntityInfo[] = [];
  for (const k of ['user', 'group', 'role'] as const) {
    out.push(
      ...(await entitiesNamed(
        store,
        accountId,
        k,
        attachments.filter((a) => a.kind === k).map((a) => a.name),
      )),
    );
  }
  return out;
}
