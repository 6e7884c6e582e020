import { JSON_AUTH_ERRORS, JSON_BODY_LIMIT, type ServiceDescriptor } from '../descriptor.js';

/**
 * AWS IoT's wire facts: REST-JSON with the JSON family's errors, standard SigV4 for the control
 * plane; the credentials provider is authenticated by the client certificate of its mutual TLS
 * connection (`auth/authenticate/tlsClientCertificates.ts`).
 */
export const IOT_DESCRIPTOR: ServiceDescriptor = {
  name: 'iot',
  authErrors: JSON_AUTH_ERRORS,
  signing: 'standard',
  unsigned: 'model',
  maxBodyBytes: JSON_BODY_LIMIT,
};
