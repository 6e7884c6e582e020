import { ServiceError } from '../../errors.js';
import type { Principal } from '../../model/index.js';
import { parseArn } from '../../model/index.js';
import { parseX509SigV4, verifyX509SigV4 } from '../sigv4/x509.js';
import type { HttpRequestParts } from '../sigv4/index.js';
import { parseCertificate, verifyChain, type ChainFailure, type TrustAnchorCache } from '../x509/index.js';
import { PAYLOAD_AS_SENT, type CredentialResolver, type PresentedCredential } from './resolver.js';

/**
 * Requests signed with an X.509 certificate's private key (IAM Roles Anywhere's CreateSession): the
 * certificate in `X-Amz-X509`, the trust anchor the request names. The caller is a `Workload`
 * principal of the trust anchor's account, the certificate's facts attached; verifying checks, in
 * AWS's order, the signature with the certificate's key, that the trust anchor exists and is
 * enabled, and that the certificate chains to it (validity, key usage, signature algorithm, CRLs).
 *
 * AWS: Roles Anywhere User Guide, "The IAM Roles Anywhere authentication process" and the trust
 * model's "Signature validation" ("After validating the signature, IAM Roles Anywhere checks that
 * the certificate was issued by a certificate authority configured as a trust anchor"). The
 * refusals are AccessDeniedException, the error CreateSession documents for authentication; a
 * chain that does not verify is "Untrusted Signing Certificate", AWS's own text
 * (aws/rolesanywhere-credential-helper#108).
 */
export function x509CertificateResolver(anchors: TrustAnchorCache): CredentialResolver {
  return {
    name: 'x509-certificate',
    read(request, now): PresentedCredential | undefined {
      const envelope = parseX509SigV4(request, now);
      if (envelope === null) return undefined;
      return {
        scopeService: envelope.service,
        async resolve() {
          const trustAnchorArn = requestedTrustAnchor(request);
          const anchor = trustAnchorArn === undefined ? undefined : await anchors.get(trustAnchorArn);
          const leaf = parseCertificate(envelope.certificate);
          const principal: Principal = {
            type: 'Workload',
            accountId: anchor?.record.accountId ?? (trustAnchorArn === undefined ? '' : (parseArn(trustAnchorArn)?.accountId ?? '')),
            arn: trustAnchorArn ?? '',
            userId: leaf?.serialHex ?? envelope.serialNumber,
            workload: {
              kind: 'x509',
              id: leaf?.serialHex ?? BigInt(envelope.serialNumber).toString(16),
              name: leaf?.subject ?? '',
              issuer: trustAnchorArn ?? '',
              serialNumber: envelope.serialNumber,
              certificate: envelope.certificate,
              chain: envelope.chain,
            },
          };
          return {
            outcome: 'resolved',
            principal,
            verify() {
              if (leaf === undefined) throw denied('The X-Amz-X509 header does not hold an X.509 certificate.');
              if (leaf.serialDecimal !== envelope.serialNumber) {
                throw denied(
                  `The credential names serial number ${envelope.serialNumber}; the certificate in X-Amz-X509 has serial number ${leaf.serialDecimal}.`,
                );
              }
              if (!verifyX509SigV4(request, envelope, leaf.publicKey)) {
                throw denied(`Invalid signature: the request is not signed by the key of the certificate in X-Amz-X509 with ${envelope.algorithm}.`);
              }
              if (trustAnchorArn === undefined) {
                throw new ServiceError(
                  'ValidationException',
                  "1 validation error detected: Value null at 'trustAnchorArn' failed to satisfy constraint: Member must not be null",
                );
              }
              if (anchor === undefined) throw new ServiceError('ResourceNotFoundException', 'Trust anchor not found');
              if (!anchor.record.enabled) throw denied(`Trust anchor ${trustAnchorArn} is disabled.`);
              const intermediates = envelope.chain.map((der) => parseCertificate(der));
              if (intermediates.some((c) => c === undefined)) throw denied('The X-Amz-X509-Chain header holds something that is not an X.509 certificate.');
              const result = verifyChain(leaf, intermediates as NonNullable<(typeof intermediates)[number]>[], anchor.certificates, anchor.crls, now);
              if (!result.ok) throw denied(untrusted(result.failure, result.certificate.subject, result.certificate));
              return PAYLOAD_AS_SENT;
            },
          };
        },
      };
    },
  };
}

function denied(message: string): ServiceError {
  return new ServiceError('AccessDeniedException', message);
}

/** The refusal of a certificate that does not chain to the trust anchor, with what failed. */
function untrusted(failure: ChainFailure, subject: string, cert: { notAfter: Date; notBefore: Date; serialHex: string; signatureHash: string }): string {
  const base = 'Untrusted Signing Certificate';
  switch (failure) {
    case 'untrusted':
      return base;
    case 'expired':
      return `${base}: certificate \`${subject}\` expired at ${cert.notAfter.toISOString()}`;
    case 'not-yet-valid':
      return `${base}: certificate \`${subject}\` is not valid before ${cert.notBefore.toISOString()}`;
    case 'revoked':
      return `${base}: certificate \`${subject}\` (serial ${cert.serialHex}) is revoked`;
    case 'weak-signature':
      return `${base}: certificate \`${subject}\` is signed with ${cert.signatureHash || 'an unknown hash'}; SHA-256 or stronger is required`;
    case 'not-end-entity':
      return `${base}: the signing certificate must not be a CA and its key usage must include Digital Signature`;
    case 'not-ca':
      return `${base}: certificate \`${subject}\` is not a CA (basic constraints CA: true and key usage Certificate Sign are required)`;
  }
}

/**
 * The trust anchor a CreateSession request names: its `trustAnchorArn` query parameter, or the
 * member of its JSON body. AWS: the three ARNs are accepted "as URI parameters or as JSON in the
 * request body" (CreateSession API).
 */
function requestedTrustAnchor(request: HttpRequestParts): string | undefined {
  const fromQuery = new URLSearchParams(request.rawQuery).get('trustAnchorArn');
  if (fromQuery !== null) return fromQuery;
  if (request.body.length === 0 || request.body.length > 65_536) return undefined;
  try {
    const body = JSON.parse(request.body.toString('utf8')) as unknown;
    const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['trustAnchorArn'] : undefined;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
