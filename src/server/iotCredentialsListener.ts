import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { apiListener } from './apiListener.js';
import type { PipelineDeps } from './pipeline.js';
import type { TlsIdentity } from './tlsIdentity.js';

/** A credentials request is a GET: its body, if any, is never read past this. */
const BODY_LIMIT = 64 * 1024;

/**
 * The AWS IoT credentials provider's listener: HTTPS with mutual TLS on its own address, every
 * request through the one pipeline (`deps` authenticates client certificates only). A client must
 * present a certificate: one that presents none is disconnected as soon as the handshake ends,
 * before any request is read. Any certificate is accepted by TLS itself; whether it is registered
 * and active is the pipeline's to answer, with AWS's error (403 "Certificate is invalid on this
 * endpoint").
 *
 * AWS: IoT Developer Guide, "Authorizing direct calls to AWS services" (the endpoint requires the
 * device's X.509 certificate, TLS 1.2 or newer).
 */
export function iotCredentialsListener(deps: PipelineDeps, identity: TlsIdentity): Server {
  const handle = apiListener(deps, BODY_LIMIT);
  const server = createServer(
    {
      cert: identity.cert,
      key: identity.key,
      requestCert: true,
      // Node: a chain that does not verify against `ca` is not refused here; the pipeline decides.
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    },
    handle,
  );
  server.on('secureConnection', (socket: TLSSocket) => {
    const peer = socket.getPeerCertificate();
    if (peer === null || peer === undefined || Object.keys(peer).length === 0) socket.destroy();
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
