export { readRole, readRoleTags, readUser, readUserTags } from './callReads.js';
export { consecutiveCodesStep, verifyMfaCode } from './mfaCodes.js';
export {
  findCallerScope,
  hasServiceAccess,
  organizationList,
  organizationValue,
  saveServiceAccess,
  serviceAccess,
  type OrgScope,
} from './organizationFacts.js';
export { passRoleNeed } from './passRole.js';
export { bindPolicyPrincipals, principalDeleted, principalRenamed, unbindPolicy } from './principalBindings.js';
export { requestTagContext, resourceTagContext } from './tagContext.js';
export { hashPassword, verifyPassword } from './passwordHashes.js';
