// @peculiar/x509 (SAML metadata, certificates) needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { getServiceModel, iamInvalidValue } from '../../protocol/index.js';
import { isMarker } from '../../store/index.js';
import type { Operation } from '../operation.js';
import { invalidMarker } from './paging.js';
import { accountOperations } from './account/index.js';
import { credentialsOperations } from './credentials/index.js';
import { groupsOperations } from './groups/index.js';
import { mfaOperations } from './mfa/index.js';
import { policiesOperations } from './policies/index.js';
import { providersOperations } from './providers/index.js';
import { reportsOperations } from './reports/index.js';
import { rolesOperations } from './roles/index.js';
import { simulatorOperations } from './simulator/index.js';
import { usersOperations } from './users/index.js';

/**
 * A paginated operation refuses a `Marker` it did not hand out before anything else. AWS: every
 * paginated IAM list answers ValidationError "Invalid Marker." (e.g. ListVirtualMFADevices with
 * `Marker=100`); the paginated operations are those whose model input has a `Marker` member.
 */
function refusingForeignMarkers(op: Operation): Operation {
  if (getServiceModel('iam').input(op.name).members?.['Marker'] === undefined) return op;
  return {
    ...op,
    authorize: (input, ctx) => {
      const marker = input['Marker'];
      if (typeof marker === 'string' && !isMarker(marker)) throw invalidMarker();
      return op.authorize(input, ctx);
    },
  };
}

/**
 * A `Path` with an empty segment (`/a//b/`) satisfies the model's pattern but not IAM, which
 * answers it as any other bad path (moto's AWS-derived CreateVirtualMFADevice cases).
 */
function refusingEmptyPathSegments(op: Operation): Operation {
  if (getServiceModel('iam').input(op.name).members?.['Path'] === undefined) return op;
  return {
    ...op,
    authorize: (input, ctx) => {
      const path = input['Path'];
      if (typeof path === 'string' && path.includes('//')) throw iamInvalidValue('path')!;
      return op.authorize(input, ctx);
    },
  };
}

/** Every implemented IAM operation; each topic file contributes its list. */
export const iamOperations: readonly Operation[] = [
  ...usersOperations,
  ...groupsOperations,
  ...rolesOperations,
  ...policiesOperations,
  ...credentialsOperations,
  ...mfaOperations,
  ...providersOperations,
  ...accountOperations,
  ...reportsOperations,
  ...simulatorOperations,
].map((op) => refusingEmptyPathSegments(refusingForeignMarkers(op)));
export { IAM_DESCRIPTOR } from './descriptor.js';
export { passwordExpiry, readPasswordPolicy, type PasswordPolicy } from './account/passwordRules.js';
export { hashPassword, verifyPassword } from '../shared/index.js';
export { ROOT_MFA_DEVICE_NAME } from './mfa/mfaDevices.js';
