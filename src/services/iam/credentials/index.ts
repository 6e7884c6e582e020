import type { Operation } from '../../operation.js';
import { accessKeyOperations } from './accessKeys.js';
import { sshPublicKeyOperations } from './sshPublicKeys.js';
import { signingCertificateOperations } from './signingCertificates.js';
import { serverCertificateOperations } from './serverCertificates.js';
import { serviceSpecificCredentialOperations } from './serviceSpecificCredentials.js';

/** A user's credentials other than its password: access keys, SSH public keys, signing certificates, service-specific credentials; and server certificates. */
export const credentialsOperations: Operation[] = [
  ...accessKeyOperations,
  ...sshPublicKeyOperations,
  ...signingCertificateOperations,
  ...serverCertificateOperations,
  ...serviceSpecificCredentialOperations,
];
