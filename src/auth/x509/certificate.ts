import 'reflect-metadata';
import { createHash, X509Certificate as NodeCertificate, type KeyObject } from 'node:crypto';
import { BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, SubjectAlternativeNameExtension, X509Certificate } from '@peculiar/x509';

/**
 * One X.509 certificate, parsed once: what chain building, attribute mapping and signature checks
 * read from it. `@peculiar/x509` reads the names and extensions; Node's `crypto` (OpenSSL) holds the
 * public key and checks signatures, synchronously.
 */
export interface ParsedCertificate {
  readonly der: Uint8Array;
  readonly peculiar: X509Certificate;
  readonly node: NodeCertificate;
  readonly publicKey: KeyObject;
  /** `rsa`, `ec`, `ed25519` … (Node's `asymmetricKeyType`). */
  readonly keyType: string | undefined;
  /** The serial number in lower-case hex without leading zeros, as Roles Anywhere names sessions. */
  readonly serialHex: string;
  /** The serial number in decimal, as the X.509 SigV4 credential names it. */
  readonly serialDecimal: string;
  /** The subject DN, RFC 4514 order as `@peculiar/x509` writes it (`CN=alice, OU=…`). */
  readonly subject: string;
  readonly issuer: string;
  /** The subject's relative distinguished names in certificate order: `[['CN', 'alice'], ['OU', 'a'], …]`. */
  readonly subjectRdns: readonly (readonly [string, string])[];
  readonly issuerRdns: readonly (readonly [string, string])[];
  /** The first DNS name, URI and directory name (its RDNs) of the subject alternative names. */
  readonly san: { readonly dns?: string; readonly uri?: string; readonly name?: readonly (readonly [string, string])[] };
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Basic constraints: absent (undefined), or whether it is a CA. */
  readonly ca: boolean | undefined;
  /** Key usage flags; undefined when the certificate has no key usage extension. */
  readonly keyUsage: number | undefined;
  /** The hash of its signature algorithm (`SHA-256` …), upper-case. */
  readonly signatureHash: string;
  /** SHA-256 of the DER, lower-case hex (AWS IoT's certificate ID). */
  readonly fingerprint: string;
}

export { KeyUsageFlags };

const cache = new Map<string, ParsedCertificate>();
const CACHE_LIMIT = 2048;

function rdnsOf(json: readonly Record<string, string[]>[]): [string, string][] {
  const out: [string, string][] = [];
  for (const rdn of json) for (const [type, values] of Object.entries(rdn)) for (const value of values) out.push([type, value]);
  return out;
}

/**
 * Parses a DER certificate; undefined when it is not one. Parsed certificates are kept by their
 * DER (a client presents the same certificate with every request; parsing costs about half a
 * millisecond): at most {@link CACHE_LIMIT}, starting over when full.
 */
export function parseCertificate(der: Uint8Array): ParsedCertificate | undefined {
  const key = Buffer.from(der).toString('base64');
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let parsed: ParsedCertificate;
  try {
    const peculiar = new X509Certificate(der);
    const node = new NodeCertificate(Buffer.from(der));
    const serial = BigInt(`0x${peculiar.serialNumber || '0'}`);
    const sanNames = peculiar.getExtension(SubjectAlternativeNameExtension)?.names.items ?? [];
    const dns = sanNames.find((n) => n.type === 'dns')?.value;
    const uri = sanNames.find((n) => n.type === 'url')?.value;
    const dirName = sanNames.find((n) => n.type === 'dn')?.value;
    const basic = peculiar.getExtension(BasicConstraintsExtension);
    const usage = peculiar.getExtension(KeyUsagesExtension);
    parsed = {
      der,
      peculiar,
      node,
      publicKey: node.publicKey,
      keyType: node.publicKey.asymmetricKeyType,
      serialHex: serial.toString(16),
      serialDecimal: serial.toString(10),
      subject: peculiar.subject,
      issuer: peculiar.issuer,
      subjectRdns: rdnsOf(peculiar.subjectName.toJSON()),
      issuerRdns: rdnsOf(peculiar.issuerName.toJSON()),
      san: {
        ...(dns !== undefined ? { dns } : {}),
        ...(uri !== undefined ? { uri } : {}),
        ...(dirName !== undefined ? { name: nameRdns(dirName) } : {}),
      },
      notBefore: peculiar.notBefore,
      notAfter: peculiar.notAfter,
      ca: basic?.ca,
      keyUsage: usage?.usages,
      signatureHash: ((peculiar.signatureAlgorithm as { hash?: { name?: string } }).hash?.name ?? '').toUpperCase(),
      fingerprint: createHash('sha256').update(der).digest('hex'),
    };
  } catch {
    return undefined;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, parsed);
  return parsed;
}

/** The RDNs of a directory name as `@peculiar/x509` writes it in a subject alternative name. */
function nameRdns(text: string): [string, string][] {
  return text
    .split(/,\s*/)
    .map((part) => part.split('='))
    .filter((pair): pair is [string, string] => pair.length === 2 && pair[0] !== '')
    .map(([type, value]) => [type.trim(), value.trim()]);
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/**
 * The certificates of a PEM bundle, in order; undefined when the text holds anything but
 * certificates (or none at all), or one of them does not parse.
 */
export function parsePemBundle(text: string): ParsedCertificate[] | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.replace(PEM_BLOCK, '').trim() !== '') return undefined;
  const out: ParsedCertificate[] = [];
  for (const match of trimmed.matchAll(PEM_BLOCK)) {
    const parsed = parseCertificate(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64'));
    if (parsed === undefined) return undefined;
    out.push(parsed);
  }
  return out;
}

/** A certificate as PEM text. */
export function toPem(der: Uint8Array): string {
  const body = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${body.replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

/**
 * AWS: Roles Anywhere trust model, "Signature validation" — "The signing algorithm MUST include
 * SHA256 or stronger. MD5 and SHA1 signing algorithms are rejected."
 */
export function strongSignature(cert: ParsedCertificate): boolean {
  return cert.signatureHash === 'SHA-256' || cert.signatureHash === 'SHA-384' || cert.signatureHash === 'SHA-512';
}

/**
 * Whether a certificate may sign others: AWS (trust model) "Basic constraints MUST include CA: true"
 * and "The key usage MUST include Certificate Sign".
 */
export function isCertificateAuthority(cert: ParsedCertificate): boolean {
  return cert.ca === true && cert.keyUsage !== undefined && (cert.keyUsage & KeyUsageFlags.keyCertSign) !== 0;
}

/**
 * Whether a certificate may authenticate a workload: AWS (trust model) "If the CA field is present
 * in the basic constraints extension, its value MUST be false" and "The key usage MUST include
 * Digital Signature".
 */
export function isEndEntity(cert: ParsedCertificate): boolean {
  return cert.ca !== true && cert.keyUsage !== undefined && (cert.keyUsage & KeyUsageFlags.digitalSignature) !== 0;
}
