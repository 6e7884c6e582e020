import { QUERY_AUTH_ERRORS, QUERY_BODY_LIMIT, type ServiceDescriptor } from '../descriptor.js';

/**
 * STS's wire facts: the query protocol's error wording, standard SigV4; AssumeRoleWithWebIdentity
 * and AssumeRoleWithSAML arrive unsigned (the model marks them `authtype: none`).
 */
export const STS_DESCRIPTOR: ServiceDescriptor = {
  name: 'sts',
  authErrors: QUERY_AUTH_ERRORS,
  signing: 'standard',
  unsigned: 'model',
  maxBodyBytes: QUERY_BODY_LIMIT,
};
