import type { UserRecord } from '../../../store/index.js';
import type { Operation } from '../../operation.js';
import { tagOperations } from '../tags/tagOperations.js';
import { requireUser, userNeed, userTagTarget } from './userEntity.js';

/** TagUser, UntagUser, ListUserTags. A user's tags are its principal tags (the store tells the credential caches). */
export const userTagOperations: Operation[] = tagOperations<UserRecord>({
  label: 'User',
  member: 'UserName',
  need: (action, ctx, name, extra) => userNeed(action, ctx, name, extra),
  require: requireUser,
  target: userTagTarget,
});
