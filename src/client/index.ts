/**
 * Gatehouse's client side for workloads, importable by Node programs as `gatehouse/credentials`:
 * IAM Roles Anywhere's CreateSession (`createSession`) and a credential provider for the AWS SDK
 * for JavaScript v3 built on it (`fromRolesAnywhere`), which the SDK lacks. It loads nothing of
 * the server.
 */
export {
  RolesAnywhereError,
  createSession,
  fromRolesAnywhere,
  signCreateSession,
  signX509Request,
  x509SigningAlgorithm,
  type RolesAnywhereCredentials,
  type RolesAnywhereOptions,
  type SignedRequest,
  type X509Signer,
} from './rolesAnywhere.js';
