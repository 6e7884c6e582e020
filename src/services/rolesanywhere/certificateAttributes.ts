import type { ParsedCertificate } from '../../auth/index.js';
import type { AttributeMappingRecord } from '../../store/index.js';

/**
 * What a Roles Anywhere session learns from its certificate: principal tags from the subject,
 * issuer and subject alternative names (as the profile's attribute mappings select them), the
 * source identity and the role session name.
 *
 * AWS: Roles Anywhere User Guide, trust model ("Trust policy": Subject and Issuer RDNs become
 * `x509Subject/<RDN>` and `x509Issuer/<RDN>` tags; of the SAN "the first value of the following
 * types: DNS Names, Directory Name (DN), and URI Names", as `x509SAN/DNS`, `x509SAN/URI` and
 * `x509SAN/Name/<RDN>`; several values of one field are joined with `/` in certificate order; "These
 * values need to match the pattern defined in STS session tags. The service ignores values that
 * do not match"), "Certificate attribute mapping" (`*` maps every RDN; `Name/*` every RDN of the
 * SAN's directory name) and "Source identity rules".
 */

/** AWS: STS session tag keys (1–128) and values (0–256) of these characters. */
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** RDNs grouped by type, values in certificate order. */
function grouped(rdns: readonly (readonly [string, string])[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [type, value] of rdns) {
    const values = out.get(type);
    if (values === undefined) out.set(type, [value]);
    else values.push(value);
  }
  return out;
}

function addRdns(tags: Record<string, string>, prefix: string, rdns: readonly (readonly [string, string])[], wanted: (type: string) => boolean): void {
  for (const [type, values] of grouped(rdns)) if (wanted(type)) tags[`${prefix}/${type}`] = values.join('/');
}

/** The session's principal tags: the certificate attributes the profile's mappings select. */
export function certificateTags(cert: ParsedCertificate, mappings: readonly AttributeMappingRecord[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const mapping of mappings) {
    const specifiers = new Set(mapping.mappingRules.map((r) => r.specifier));
    switch (mapping.certificateField) {
      case 'x509Subject':
      case 'x509Issuer': {
        const rdns = mapping.certificateField === 'x509Subject' ? cert.subjectRdns : cert.issuerRdns;
        addRdns(tags, mapping.certificateField, rdns, (type) => specifiers.has('*') || specifiers.has(type));
        break;
      }
      case 'x509SAN': {
        if (specifiers.has('DNS') && cert.san.dns !== undefined) tags['x509SAN/DNS'] = cert.san.dns;
        if (specifiers.has('URI') && cert.san.uri !== undefined) tags['x509SAN/URI'] = cert.san.uri;
        if (cert.san.name !== undefined) {
          const all = specifiers.has('Name/*');
          addRdns(tags, 'x509SAN/Name', cert.san.name, (type) => all || specifiers.has(`Name/${type}`));
        }
        break;
      }
    }
  }
  for (const [key, value] of Object.entries(tags)) if (!TAG_KEY.test(key) || !TAG_VALUE.test(value)) delete tags[key];
  return tags;
}

/** The serial number in hex, left-padded with a zero to an even length. */
function evenHex(cert: ParsedCertificate): string {
  return cert.serialHex.length % 2 === 0 ? cert.serialHex : `0${cert.serialHex}`;
}

/**
 * AWS "Source identity rules": `CN=<common name>` when the subject's common name is set and at
 * most 61 characters; the common name alone when it has 62 to 64; `ID=<serial number in hex,
 * left-padded with zero to an even length>` when it is not set.
 */
export function sourceIdentityOf(cert: ParsedCertificate): string {
  const cn = cert.subjectRdns.filter(([type]) => type === 'CN').map(([, value]) => value);
  const name = cn.length === 0 ? undefined : cn.join('/');
  if (name !== undefined && name.length <= 61) return `CN=${name}`;
  if (name !== undefined && name.length <= 64) return name;
  return `ID=${evenHex(cert)}`;
}

/**
 * The default role session name: "the hex-encoded serial number of the authenticating
 * certificate" (User Guide, trust model), padded to the even length (and STS's two-character
 * minimum) a one-digit serial would miss.
 */
export function defaultSessionName(cert: ParsedCertificate): string {
  return evenHex(cert);
}
