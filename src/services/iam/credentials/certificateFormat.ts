import 'reflect-metadata';
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { X509Certificate } from '@peculiar/x509';
import { ServiceError } from '../../../errors.js';

/**
 * Reading the X.509 certificates and private keys IAM accepts (signing and server certificates).
 *
 * AWS: MalformedCertificate (400) "The request was rejected because the certificate was malformed
 * or expired"; InvalidCertificate (400) "The request was rejected because the certificate is
 * invalid"; KeyPairMismatch (400) "The request was rejected because the public key certificate
 * and the private key do not match" (IAM API reference, UploadSigningCertificate and
 * UploadServerCertificate). The certificate body must be PEM-encoded.
 */

/** A certificate IAM accepted, with what the operations need from it. */
export interface AcceptedCertificate {
  /** The PEM text as uploaded, trimmed. */
  readonly pem: string;
  readonly notAfter: Date;
  /** SHA-256 of the DER encoding, hex. */
  readonly fingerprint: string;
  readonly publicKey: KeyObject;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

function malformed(message: string): ServiceError {
  return new ServiceError('MalformedCertificate', message);
}

function parseOne(pem: string, now: Date): AcceptedCertificate {
  let cert: X509Certificate;
  let publicKey: KeyObject;
  try {
    cert = new X509Certificate(pem);
    publicKey = createPublicKey(pem);
  } catch {
    throw malformed('Unable to parse certificate. Please ensure the certificate is in PEM format.');
  }
  if (cert.notAfter.getTime() < now.getTime()) throw malformed('Certificate is expired.');
  if (cert.notBefore.getTime() > now.getTime()) throw new ServiceError('InvalidCertificate', 'Certificate is not yet valid.');
  return {
    pem,
    notAfter: cert.notAfter,
    fingerprint: createHash('sha256').update(Buffer.from(cert.rawData)).digest('hex'),
    publicKey,
  };
}

/** Parses one PEM certificate that is valid at `now`; throws IAM's certificate errors otherwise. */
export function readCertificate(body: string, now: Date): AcceptedCertificate {
  const text = body.trim();
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length !== 1 || blocks[0] !== text) {
    throw malformed('Unable to parse certificate. Please ensure the certificate is in PEM format.');
  }
  return parseOne(text, now);
}

/** Parses a certificate chain: one or more concatenated PEM certificates. */
export function readCertificateChain(chain: string, now: Date): AcceptedCertificate[] {
  const text = chain.trim();
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0 || text.replace(PEM_CERTIFICATE, '').trim() !== '') {
    throw malformed('Unable to parse certificate chain. Please ensure the certificate chain is in PEM format.');
  }
  return blocks.map((block) => parseOne(block, now));
}

/**
 * Checks that the PEM private key parses and belongs to the certificate; throws
 * MalformedCertificate or KeyPairMismatch otherwise.
 */
export function checkPrivateKey(privateKeyPem: string, certificate: AcceptedCertificate): void {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(createPrivateKey(privateKeyPem.trim()));
  } catch {
    throw malformed('Unable to parse private key. Please ensure the private key is in PEM format and not encrypted.');
  }
  if (!publicKey.equals(certificate.publicKey)) {
    throw new ServiceError('KeyPairMismatch', 'The public key certificate and the private key do not match.');
  }
}
