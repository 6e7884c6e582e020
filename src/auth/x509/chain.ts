import 'reflect-metadata';
import { X509Crl } from '@peculiar/x509';
import { isCertificateAuthority, isEndEntity, strongSignature, type ParsedCertificate } from './certificate.js';

/**
 * Whether a certificate chains to a trust anchor: the path from the end-entity certificate through
 * the intermediates it presented to a certificate of the anchor's bundle, each link issued and
 * signed by the next (Node's `X509Certificate.checkIssued` and `verify`, OpenSSL's), every
 * certificate valid now and signed with SHA-256 or stronger, the issuers CAs, the end entity a
 * signing key, none revoked by a CRL of its issuer.
 *
 * AWS: Roles Anywhere trust model, "Signature validation" (the constraints on end-entity and CA
 * certificates) and "Revocation" (imported CRLs only).
 */

/** Why a certificate does not chain to the anchor. */
export type ChainFailure =
  /** No path of valid signatures from the certificate to a certificate of the anchor. */
  | 'untrusted'
  /** A certificate of the path is past its notAfter, or before its notBefore. */
  | 'expired'
  | 'not-yet-valid'
  /** A certificate of the path is signed with MD5 or SHA-1. */
  | 'weak-signature'
  /** The signing certificate is a CA, or its key usage lacks Digital Signature. */
  | 'not-end-entity'
  /** An intermediate is not a CA (basic constraints CA: true, key usage Certificate Sign). */
  | 'not-ca'
  /** A certificate of the path is on a CRL of its issuer. */
  | 'revoked';

export type ChainResult =
  | { readonly ok: true; readonly path: readonly ParsedCertificate[] }
  | { readonly ok: false; readonly failure: ChainFailure; readonly certificate: ParsedCertificate };

/** An imported CRL, parsed, with the issuer whose key signed it. */
export interface TrustedCrl {
  readonly crl: X509Crl;
  /** The CRL issuer's subject DN. */
  readonly issuer: string;
}

/** The deepest path accepted: the end entity, five intermediates (the chain header's limit) and the anchor. */
const MAX_PATH = 7;

/**
 * Whether `issuer` issued `child`: names and key identifiers match, and its key verifies the
 * signature. Certificates are immutable and parsed once (`parseCertificate` keeps them), so each
 * pair's answer is kept with the child: a client presenting the same certificate with every
 * request costs one signature check in all.
 */
export function issuedBy(child: ParsedCertificate, issuer: ParsedCertificate): boolean {
  let known = issuers.get(child);
  if (known === undefined) issuers.set(child, (known = new WeakMap()));
  let answer = known.get(issuer);
  if (answer === undefined) {
    answer = child.node.checkIssued(issuer.node) && child.node.verify(issuer.publicKey);
    known.set(issuer, answer);
  }
  return answer;
}

const issuers = new WeakMap<ParsedCertificate, WeakMap<ParsedCertificate, boolean>>();

function issues(issuer: ParsedCertificate, child: ParsedCertificate): boolean {
  return issuedBy(child, issuer);
}

/** Builds and checks the path from `leaf` through `intermediates` to one of `anchors`. */
export function verifyChain(
  leaf: ParsedCertificate,
  intermediates: readonly ParsedCertificate[],
  anchors: readonly ParsedCertificate[],
  crls: readonly TrustedCrl[],
  now: Date,
): ChainResult {
  const path: ParsedCertificate[] = [leaf];
  let current = leaf;
  let anchored = false;
  while (path.length < MAX_PATH) {
    const anchor = anchors.find((a) => issues(a, current));
    if (anchor !== undefined) {
      path.push(anchor);
      anchored = true;
      break;
    }
    const next = intermediates.find((i) => !path.includes(i) && issues(i, current));
    if (next === undefined) break;
    path.push(next);
    current = next;
  }
  if (!anchored) return { ok: false, failure: 'untrusted', certificate: leaf };
  if (!isEndEntity(leaf)) return { ok: false, failure: 'not-end-entity', certificate: leaf };
  for (const [i, cert] of path.entries()) {
    if (now.getTime() > cert.notAfter.getTime()) return { ok: false, failure: 'expired', certificate: cert };
    if (now.getTime() < cert.notBefore.getTime()) return { ok: false, failure: 'not-yet-valid', certificate: cert };
    if (!strongSignature(cert)) return { ok: false, failure: 'weak-signature', certificate: cert };
    if (i > 0 && !isCertificateAuthority(cert)) return { ok: false, failure: 'not-ca', certificate: cert };
  }
  for (const cert of path.slice(0, -1)) {
    for (const entry of crls) {
      if (entry.issuer === cert.issuer && entry.crl.findRevoked(cert.peculiar) !== null) return { ok: false, failure: 'revoked', certificate: cert };
    }
  }
  return { ok: true, path };
}

/**
 * Parses a CRL (DER, or PEM text) and checks that one of `issuers` signed it; undefined when it is
 * not a CRL or none of them did.
 */
export async function trustedCrl(data: Uint8Array, issuers: readonly ParsedCertificate[]): Promise<TrustedCrl | undefined> {
  let crl: X509Crl;
  try {
    const text = Buffer.from(data).toString('latin1');
    crl = new X509Crl(text.includes('-----BEGIN X509 CRL-----') ? text : data);
  } catch {
    return undefined;
  }
  for (const issuer of issuers) {
    if (issuer.subject !== crl.issuer) continue;
    try {
      if (await crl.verify({ publicKey: issuer.peculiar })) return { crl, issuer: crl.issuer };
    } catch {
      // Another issuer of the same name may have signed it.
    }
  }
  return undefined;
}
