import type { Operation } from '../operation.js';
import { mfaAssignmentOperations } from './mfa/mfaAssignment.js';
import { virtualMfaOperations } from './mfa/mfaDevices.js';
import { serverCertificateOperations } from './credentials/serverCertificates.js';
import { serviceSpecificCredentialOperations } from './credentials/serviceSpecificCredentials.js';
import { signingCertificateOperations } from './credentials/signingCertificates.js';
import { sshPublicKeyOperations } from './credentials/sshPublicKeys.js';

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
