import type { Store } from '../../store/index.js';

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

async function entitiesNamed(store: Store, accountId: string, kind: Kind, names: readonly string[]): Promise<EntityInfo[]> {
  if (names.length === 0) return [];
  const lower = [...new Set(names.map((n) => n.toLowerCase()))];
  const table = kind === 'user' ? 'users' : kind === 'group' ? 'groups' : 'roles';
  const idColumn = kind === 'user' ? 'user_id' : kind === 'group' ? 'group_id' : 'role_id';
  const rows = (await store.db
    .selectFrom(table)
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_lower', 'in', lower)
    .execute()) as unknown as Record<string, string>[];
  return rows
    .map((r) => ({ Arn: r['arn']!, Name: r['name']!, Type: TYPES[kind], Id: r[idColumn]!, Path: r['path']! }))
    .sort((a, b) => a.Name.localeCompare(b.Name));
}

/** The entities for a job on `arn` (a user, group, role or managed policy ARN). */
export async function lastAccessedEntities(store: Store, accountId: string, arn: string): Promise<EntityInfo[]> {
  const resource = arn.split(':').slice(5).join(':');
  const kind = resource.slice(0, resource.indexOf('/')) as Kind | 'policy';
  const name = resource.slice(resource.lastIndexOf('/') + 1);
  if (kind === 'user' || kind === 'role') return entitiesNamed(store, accountId, kind, [name]);
  if (kind === 'group') {
    const members = await store.db.selectFrom('group_members').select(['group_name', 'user_name']).where('account_id', '=', accountId).execute();
    const users = members.filter((m) => m.group_name.toLowerCase() === name.toLowerCase()).map((m) => m.user_name);
    return entitiesNamed(store, accountId, 'user', users);
  }
  const attachments = await store.db
    .selectFrom('policy_attachments')
    .select(['principal_kind', 'principal_name'])
    .where('account_id', '=', accountId)
    .where('policy_arn', '=', arn)
    .execute();
  const out: EntityInfo[] = [];
  for (const k of ['user', 'group', 'role'] as const) {
    out.push(...(await entitiesNamed(store, accountId, k, attachments.filter((a) => a.principal_kind === k).map((a) => a.principal_name))));
  }
  return out;
}
