import type { Operation } from '../operation.js';
import { mfaAssignmentOperations } from './mfaAssignment.js';
import { virtualMfaOperations } from './mfaDevices.js';
import { serverCertificateOperations } from './serverCertificates.js';
import { serviceSpecificCredentialOperations } from './serviceSpecificCredentials.js';
import { signingCertificateOperations } from './signingCertificates.js';
import { sshPublicKeyOperations } from './sshPublicKeys.js';

/**
 * IAM's MFA devices and other credential types (SSH public keys, signing certificates, server
 * certificates, service-specific credentials): every operation of those topics, for registration.
 */
export const credentialOperations: Operation[] = [
  ...virtualMfaOperations,
  ...mfaAssignmentOperations,
  ...sshPublicKeyOperations,
  ...signingCertificateOperations,
  ...serverCertificateOperations,
  ...serviceSpecificCredentialOperations,
];
