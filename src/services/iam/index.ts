// @peculiar/x509 (SAML metadata, certificates) needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { getServiceModel, iamInvalidValue } from '../../protocol/index.js';
import { isMarker } from '../../store/repositories/index.js';
import type { Operation } from '../operation.js';
import { invalidMarker } from './resultPages.js';
import { credentialOperations } from './credentialOperations.js';
import { policyOperations } from './policies.js';
import { rolesAndProvidersOperations } from './rolesAndProviders.js';
import { reportsOperations } from './reports.js';
import { usersAndCredentialsOperations } from './usersAndCredentials.js';

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
  ...credentialOperations,
  ...policyOperations,
  ...rolesAndProvidersOperations,
  ...reportsOperations,
  ...usersAndCredentialsOperations,
].map((op) => refusingEmptyPathSegments(refusingForeignMarkers(op)));
