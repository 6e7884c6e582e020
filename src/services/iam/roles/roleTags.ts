import type { RoleRecord } from '../../../store/index.js';
import type { Operation } from '../../operation.js';
import { requireRole, roleNeed, roleTagTarget } from './roleEntity.js';
import { tagOperations } from '../tags/tagOperations.js';

/** TagRole, UntagRole, ListRoleTags. */
export const roleTagOperations: Operation[] = tagOperations<RoleRecord>({
  label: 'Role',
  member: 'RoleName',
  need: (action, ctx, name, extra) => roleNeed(action, ctx, name, extra),
  require: requireRole,
  target: roleTagTarget,
});
