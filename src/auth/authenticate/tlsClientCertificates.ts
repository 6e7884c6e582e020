import { createHash } from 'node:crypto';
import { ServiceError } from '../../errors.js';
import type { Principal } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { parseCertificate } from '../x509/index.js';
import { PAYLOAD_AS_SENT, type CredentialResolver, type PresentedCredential } from './resolver.js';

/**
 * Requests on a mutual TLS connection, authenticated by the client certificate the device presented
 * (the IoT credentials provider's listener): a certificate registered with AWS IoT (its ID is the
 * SHA-256 of its DER), ACTIVE, valid now, and, when registered with a CA, that CA ACTIVE. The caller
 * is a `Workload` principal of the certificate's account, which may only ask for credentials.
 *
 * AWS: IoT Developer Guide, "Authorizing direct calls to AWS services" and "X.509 client
 * certificates" (a certificate must be registered and ACTIVE to authenticate); an unknown or
 * inactive certificate is refused 403 AccessDeniedException "Certificate is invalid on this
 * endpoint" (awslabs/aws-iot-core-credential-provider-session-helper, docs/dev_notes.md).
 */
export function tlsClientCertificateResolver(store: Store): CredentialResolver {
  return {
    name: 'tls-client-certificate',
    read(request, now): PresentedCredential | undefined {
      const der = request.clientCertificate;
      if (der === undefined) return undefined;
      return {
        scopeService: 'iot',
        async resolve() {
          const cert = parseCertificate(der);
          const id = cert?.fingerprint ?? createHash('sha256').update(der).digest('hex');
          const record = await store.iot.certificate(id);
          const ca = record?.caCertificateId == null ? undefined : await store.iot.caCertificate(record.caCertificateId);
          const principal: Principal = {
            type: 'Workload',
            accountId: record?.accountId ?? '',
            arn: record?.arn ?? '',
            userId: id,
            workload: { kind: 'iot-certificate', id, name: cert?.subject ?? '', issuer: record?.arn ?? '', certificate: der },
          };
          return {
            outcome: 'resolved',
            principal,
            verify() {
              const valid =
                cert !== undefined &&
                record?.status === 'ACTIVE' &&
                (record.caCertificateId === null || ca?.status === 'ACTIVE') &&
                cert.notBefore.getTime() <= now.getTime() &&
                now.getTime() <= cert.notAfter.getTime();
              if (!valid) throw new ServiceError('AccessDeniedException', 'Certificate is invalid on this endpoint');
              return PAYLOAD_AS_SENT;
            },
          };
        },
      };
    },
  };
}
