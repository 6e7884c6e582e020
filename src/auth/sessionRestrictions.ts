import { ServiceError } from '../errors.js';
import type { ConsoleSessionKind, Principal } from '../model/index.js';

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
  // A console sign-in is the user itself, as its password (and MFA) proved: none of GetSessionToken's limits.
  if (session.console !== undefined) return consoleRestriction(principal, session.console, service, operation);
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

/** What a console session that must change its password first may call. */
const PASSWORD_CHANGE_CALLS: ReadonlySet<string> = new Set(['iam:ChangePassword', 'iam:GetAccountPasswordPolicy', 'sts:GetCallerIdentity']);

/**
 * AWS: a user whose password expired or was marked for reset must set a new one at sign-in before
 * anything else (id_credentials_passwords_admin-change-user): such a console session may only
 * change its password, read the password policy and ask who it is.
 */
function consoleRestriction(principal: Principal, kind: ConsoleSessionKind, service: string, operation: string): ServiceError | undefined {
  if (kind === 'active' || PASSWORD_CHANGE_CALLS.has(`${service}:${operation}`)) return undefined;
  return new ServiceError('AccessDenied', `User: ${principal.arn} must set a new password before performing: ${service}:${operation}`);
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
