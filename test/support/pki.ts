import 'reflect-metadata';
import { webcrypto, type KeyObject, createPrivateKey } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/**
 * A small PKI for tests, made with `@peculiar/x509` on Node's WebCrypto: CAs, intermediates and
 * end-entity certificates with RSA, EC P-256 or P-384 keys, and CRLs.
 */

x509.cryptoProvider.set(webcrypto as never);

type KeyPair = webcrypto.CryptoKeyPair;

export type KeyKind = 'rsa' | 'p256' | 'p384';

const ALGORITHMS: Record<KeyKind, webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams> = {
  rsa: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
  p256: { name: 'ECDSA', namedCurve: 'P-256' },
  p384: { name: 'ECDSA', namedCurve: 'P-384' },
};

function signing(kind: KeyKind): { name: string; hash?: string } {
  return kind === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', hash: kind === 'p384' ? 'SHA-384' : 'SHA-256' };
}

/** A certificate with its key pair. */
export interface Issued {
  readonly cert: x509.X509Certificate;
  readonly keys: KeyPair;
  readonly kind: KeyKind;
  /** The certificate, PEM. */
  readonly pem: string;
  /** The private key, PKCS#8 PEM. */
  readonly keyPem: string;
  readonly privateKey: KeyObject;
}

async function issued(cert: x509.X509Certificate, keys: KeyPair, kind: KeyKind): Promise<Issued> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
  return { cert, keys, kind, pem: cert.toString('pem'), keyPem, privateKey: createPrivateKey(keyPem) };
}

let serial = 0x1000;
function nextSerial(): string {
  serial += 1;
  return `7f${serial.toString(16).padStart(6, '0')}`;
}

const DAY = 86_400_000;

export interface CertOptions {
  readonly kind?: KeyKind;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly serialNumber?: string;
  /** Key usage flags; default: CA — certificate and CRL signing; end entity — digital signature. */
  readonly keyUsage?: number;
  readonly extensions?: x509.Extension[];
  /** The signature's hash, e.g. `SHA-1` for a weak certificate. */
  readonly hash?: string;
}

/** A self-signed root CA. */
export async function rootCa(name: string, options: CertOptions = {}): Promise<Issued> {
  const kind = options.kind ?? 'p256';
  const keys = (await webcrypto.subtle.generateKey(ALGORITHMS[kind], true, ['sign', 'verify'])) as KeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: options.serialNumber ?? nextSerial(),
    name,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY),
    keys,
    signingAlgorithm: signing(kind) as never,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(options.keyUsage ?? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return issued(cert, keys, kind);
}

/** A certificate `issuer` signs: an intermediate CA (`ca: true`) or an end entity. */
export async function issue(issuer: Issued, subject: string, options: CertOptions & { ca?: boolean } = {}): Promise<Issued> {
  const kind = options.kind ?? 'p256';
  const keys = (await webcrypto.subtle.generateKey(ALGORITHMS[kind], true, ['sign', 'verify'])) as KeyPair;
  const ca = options.ca === true;
  const algorithm = signing(issuer.kind);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: options.serialNumber ?? nextSerial(),
    subject,
    issuer: issuer.cert.subject,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 30 * DAY),
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: (options.hash !== undefined ? { ...algorithm, hash: options.hash } : algorithm) as never,
    extensions: [
      new x509.BasicConstraintsExtension(ca, undefined, true),
      new x509.KeyUsagesExtension(
        options.keyUsage ?? (ca ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : x509.KeyUsageFlags.digitalSignature),
        true,
      ),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
      ...(options.extensions ?? []),
    ],
  });
  return issued(cert, keys, kind);
}

/** A subject alternative name extension: a DNS name, a URI and a directory name. */
export function san(names: { dns?: string; uri?: string; dn?: string }): x509.Extension {
  const list: x509.JsonGeneralNames = [];
  if (names.dns !== undefined) list.push({ type: 'dns', value: names.dns });
  if (names.uri !== undefined) list.push({ type: 'url', value: names.uri });
  if (names.dn !== undefined) list.push({ type: 'dn', value: names.dn });
  return new x509.SubjectAlternativeNameExtension(list);
}

/** A CRL `issuer` signs, revoking the given certificates; DER. */
export async function crl(issuer: Issued, revoked: readonly Issued[]): Promise<Buffer> {
  const list = await x509.X509CrlGenerator.create({
    issuer: issuer.cert.subject,
    thisUpdate: new Date(Date.now() - DAY),
    nextUpdate: new Date(Date.now() + 7 * DAY),
    entries: revoked.map((r) => ({
      serialNumber: r.cert.serialNumber,
      revocationDate: new Date(Date.now() - 3600_000),
      reason: x509.X509CrlReason.keyCompromise,
    })),
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: signing(issuer.kind) as never,
  });
  return Buffer.from(list.rawData);
}
