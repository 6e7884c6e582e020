import { AssumeRole } from './assumeRole.js';
import { AssumeRoleWithSAML } from './assumeRoleWithSaml.js';
import { AssumeRoleWithWebIdentity } from './assumeRoleWithWebIdentity.js';
import { DecodeAuthorizationMessage } from './decodeAuthorizationMessage.js';
import { GetAccessKeyInfo } from './getAccessKeyInfo.js';
import { GetCallerIdentity } from './getCallerIdentity.js';
import { GetFederationToken } from './getFederationToken.js';
import { GetSessionToken } from './getSessionToken.js';

export const stsOperations = [
  GetCallerIdentity,
  GetSessionToken,
  GetFederationToken,
  AssumeRole,
  AssumeRoleWithWebIdentity,
  AssumeRoleWithSAML,
  GetAccessKeyInfo,
  DecodeAuthorizationMessage,
];
export { STS_DESCRIPTOR } from './descriptor.js';
