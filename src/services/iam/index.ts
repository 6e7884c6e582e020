// @peculiar/x509 (SAML metadata, certificates) needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { getServiceModel } from '../../protocol/index.js';
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

/** Every implemented IAM operation; each topic file contributes its list. */
export const iamOperations: readonly Operation[] = [
  ...credentialOperations,
  ...policyOperations,
  ...rolesAndProvidersOperations,
  ...reportsOperations,
  ...usersAndCredentialsOperations,
].map(refusingForeignMarkers);
