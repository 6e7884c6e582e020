import { ServiceError } from '../errors.js';
import type { Principal } from '../model/index.js';

/** STS operations a GetSessionToken session may call (besides the two that refuse sessions themselves). */
const SESSION_TOKEN_STS: ReadonlySet<string> = new Set(['AssumeRole', 'GetCallerIdentity', 'GetSessionToken', 'GetFederationToken']);
const FEDERATED_STS: ReadonlySet<string> = new Set(['GetCallerIdentity', 'GetSessionToken', 'GetFederationToken']);

/**
 * What temporary credentials may call at all, before any policy: the error to answer, or
 * undefined. The pipeline calls it once the operation is known, before authorization.
 *
 * AWS: STS API reference, GetSessionToken — "You cannot call any IAM API operations unless MFA
 * authentication information is included in the request. You cannot call any STS API except
 * AssumeRole or GetCallerIdentity."; GetFederationToken — "You cannot call any IAM operations using
 * the AWS CLI or the AWS API … You cannot call any STS operations except GetCallerIdentity."
 * IAM refuses such tokens as invalid (InvalidClientTokenId). GetSessionToken and GetFederationToken
 * answer "Cannot call … with session credentials" themselves.
 */
export function sessionCallRestriction(principal: Principal, service: string, operation: string): ServiceError | undefined {
  if (principal.type === 'Workload') return workloadCallRestriction(principal, service, operation);
  const session = principal.session;
  if (session === undefined) return undefined;
  const federated = principal.type === 'FederatedUser';
  const userSession = principal.type === 'IAMUser' || principal.type === 'Root';
  if (!federated && !userSession) return undefined;
  if (service === 'iam' && (federated || session.mfaAuthenticatedAt === undefined)) {
    return new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid');
  }
  if (service === 'sts' && !(federated ? FEDERATED_STS : SESSION_TOKEN_STS).has(operation)) {
    return new ServiceError('AccessDenied', `User: ${principal.arn} is not authorized to perform: sts:${operation}`);
  }
  return undefined;
}

/**
 * The one call each kind of workload credential can make: exchanging itself for role credentials.
 * AWS: a certificate signs only Roles Anywhere's CreateSession ("CreateSession is not included in
 * any SDK … there is not yet native SDK or client support for CreateSession's signing process");
 * an IoT device certificate opens only the credentials provider's endpoint on its mutual TLS
 * connection.
 */
const WORKLOAD_EXCHANGE: Readonly<Record<NonNullable<Principal['workload']>['kind'], readonly [string, string, string]>> = {
  x509: ['rolesanywhere', 'CreateSession', 'An X.509 certificate'],
  'iot-certificate': ['iot', 'AssumeRoleWithCertificate', 'An IoT device certificate'],
  'workload-token': ['gatehouse', 'GetWorkloadCredentials', 'A workload token'],
};

function workloadCallRestriction(principal: Principal, service: string, operation: string): ServiceError | undefined {
  const allowed = principal.workload === undefined ? undefined : WORKLOAD_EXCHANGE[principal.workload.kind];
  if (allowed !== undefined && allowed[0] === service && allowed[1] === operation) return undefined;
  const code = service === 'iam' || service === 'sts' ? 'AccessDenied' : 'AccessDeniedException';
  const what = allowed === undefined ? 'A workload credential can call nothing' : `${allowed[2]} can only call ${allowed[0]}:${allowed[1]}`;
  return new ServiceError(code, `${what}, not ${service}:${operation}.`);
}
