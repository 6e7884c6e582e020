import type { InstanceProfileRecord } from '../../../store/index.js';
import type { Operation } from '../../operation.js';
import { profileNeed, profileTagTarget, requireProfile } from './instanceProfileEntity.js';
import { tagOperations } from '../tags/tagOperations.js';

/** TagInstanceProfile, UntagInstanceProfile, ListInstanceProfileTags. */
export const instanceProfileTagOperations: Operation[] = tagOperations<InstanceProfileRecord>({
  label: 'InstanceProfile',
  member: 'InstanceProfileName',
  need: profileNeed,
  require: requireProfile,
  target: profileTagTarget,
});
