// @peculiar/x509 (SAML metadata, certificates) needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import type { Operation } from '../operation.js';
import { credentialOperations } from './credentialOperations.js';
import { policyOperations } from './policies.js';
import { rolesAndProvidersOperations } from './rolesAndProviders.js';
import { reportsOperations } from './reports.js';
import { usersAndCredentialsOperations } from './usersAndCredentials.js';

/** Every implemented IAM operation; each topic file contributes its list. */
export const iamOperations: readonly Operation[] = [
  ...credentialOperations,
  ...policyOperations,
  ...rolesAndProvidersOperations,
  ...reportsOperations,
  ...usersAndCredentialsOperations,
];
