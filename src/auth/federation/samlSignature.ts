import { X509Certificate } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { DSIG_NS, SAML_NS, SAMLP_NS, XmlRejected, allElements, attribute, childElements, parseXml } from './samlXml.js';
import type { XmlDocument, XmlElement } from './samlXml.js';

/**
 * XML signature verification of a SAML 2.0 `Response` against an IdP's metadata certificates,
 * built so that what is read is exactly what was signed:
 *
 * - one `Response` root holding exactly one `Assertion` (as its child), no encrypted assertion,
 *   no two elements sharing an ID, no signature anywhere but on the Response or the Assertion;
 * - each signature has exactly one reference, to the ID of the element it is enveloped in, with
 *   only the enveloped-signature and exclusive-c14n transforms, an RSA algorithm (never HMAC, so a
 *   public certificate can never serve as a MAC key) and a key from the metadata only (the
 *   signature's own KeyInfo is ignored);
 * - the Assertion handed back is parsed from the canonical bytes the signature covers, never
 *   taken from the received document.
 *
 * AWS: id_roles_providers_create_saml — "The SAML assertion must be signed … IAM uses the
 * certificates in the metadata document to validate the signature".
 */

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SIGNATURE_ALGORITHMS: readonly string[] = [
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
];
const ID_ATTRIBUTES = ['ID', 'Id', 'id'];

/** Why a response was refused; the caller maps it to the wire error. */
export class SamlSignatureError extends Error {}

/** A verified response: its root as received and its Assertion as signed. */
export interface VerifiedSamlResponse {
  readonly response: XmlElement;
  readonly assertion: XmlElement;
}

/**
 * Verifies `xml` (the decoded SAMLResponse) with the base64 DER `certificates` of the provider.
 * Throws {@link SamlSignatureError} for anything that is not a validly signed response.
 */
export function verifySamlResponse(xml: string, certificates: readonly string[]): VerifiedSamlResponse {
  let doc: XmlDocument;
  try {
    doc = parseXml(xml);
  } catch (err) {
    throw new SamlSignatureError(err instanceof XmlRejected ? `malformed response: ${err.message}` : 'malformed response');
  }
  const response = doc.documentElement!;
  if (response.localName !== 'Response' || response.namespaceURI !== SAMLP_NS) throw new SamlSignatureError('the root element is not a SAML Response');
  checkUniqueIds(doc);
  if (doc.getElementsByTagNameNS(SAML_NS, 'EncryptedAssertion').length > 0) throw new SamlSignatureError('encrypted assertions are not supported');
  const all = Array.from(doc.getElementsByTagNameNS(SAML_NS, 'Assertion'));
  const direct = childElements(response, SAML_NS, 'Assertion');
  if (all.length !== 1 || direct.length !== 1) throw new SamlSignatureError('the response must hold exactly one Assertion');
  const assertion = direct[0]!;

  const signatures = Array.from(doc.getElementsByTagNameNS(DSIG_NS, 'Signature'));
  for (const signature of signatures) {
    if (signature.parentNode !== response && signature.parentNode !== assertion) throw new SamlSignatureError('unexpected signature position');
  }
  const onAssertion = childElements(assertion, DSIG_NS, 'Signature');
  const onResponse = childElements(response, DSIG_NS, 'Signature');
  if (onAssertion.length > 1 || onResponse.length > 1) throw new SamlSignatureError('more than one signature on one element');
  if (onAssertion.length === 0 && onResponse.length === 0) throw new SamlSignatureError('the response is not signed');

  const pems = certificates.map(toPem).filter((pem): pem is string => pem !== undefined);
  let signedAssertion: XmlElement | undefined;
  if (onResponse[0] !== undefined) {
    const signedResponse = verifyEnveloped(xml, onResponse[0], response, pems);
    const inner = childElements(signedResponse, SAML_NS, 'Assertion');
    if (inner.length !== 1) throw new SamlSignatureError('the signed response must hold exactly one Assertion');
    signedAssertion = inner[0];
  }
  if (onAssertion[0] !== undefined) signedAssertion = verifyEnveloped(xml, onAssertion[0], assertion, pems);
  if (signedAssertion === undefined || attribute(signedAssertion, 'ID') !== attribute(assertion, 'ID')) {
    throw new SamlSignatureError('the signed assertion is not the assertion of the response');
  }
  return { response, assertion: signedAssertion };
}

/** Verifies one enveloped signature of `target` and returns the target re-read from its signed bytes. */
function verifyEnveloped(xml: string, signature: XmlElement, target: XmlElement, pems: readonly string[]): XmlElement {
  const id = attribute(target, 'ID');
  if (id === undefined || id === '') throw new SamlSignatureError(`the signed ${target.localName} has no ID`);
  for (const pem of pems) {
    const verifier = restrictedVerifier(pem);
    let valid = false;
    try {
      verifier.loadSignature(signature as unknown as string);
      valid = verifier.checkSignature(xml);
    } catch {
      valid = false;
    }
    if (!valid) continue;
    const references = verifier.getReferences();
    const signed = verifier.getSignedReferences();
    if (references.length !== 1 || signed.length !== 1) throw new SamlSignatureError('a signature must have exactly one reference');
    const reference = references[0]!;
    if (reference.uri !== `#${id}`) throw new SamlSignatureError('the signature does not reference the element it is on');
    if (reference.transforms.some((t) => t !== ENVELOPED && t !== EXC_C14N)) throw new SamlSignatureError('unsupported signature transform');
    let signedDoc: XmlDocument;
    try {
      signedDoc = parseXml(signed[0]!);
    } catch {
      throw new SamlSignatureError('the signed content does not parse');
    }
    const root = signedDoc.documentElement!;
    if (root.localName !== target.localName || root.namespaceURI !== target.namespaceURI || attribute(root, 'ID') !== id) {
      throw new SamlSignatureError('the signed content is not the referenced element');
    }
    return root;
  }
  throw new SamlSignatureError('no metadata certificate verifies the signature');
}

/** A verifier that trusts only `pem` and only exclusive c14n with RSA signatures. */
function restrictedVerifier(pem: string): SignedXml {
  const verifier = new SignedXml({ publicCert: pem, getCertFromKeyInfo: () => null });
  verifier.idAttributes = [...ID_ATTRIBUTES];
  const c14n = verifier.CanonicalizationAlgorithms;
  verifier.CanonicalizationAlgorithms = { [EXC_C14N]: c14n[EXC_C14N]!, [ENVELOPED]: c14n[ENVELOPED]! };
  const algorithms = verifier.SignatureAlgorithms;
  verifier.SignatureAlgorithms = Object.fromEntries(SIGNATURE_ALGORITHMS.map((a) => [a, algorithms[a]!]));
  return verifier;
}

/** No two elements may carry the same ID (under any of the names xml-crypto resolves). */
function checkUniqueIds(doc: XmlDocument): void {
  const seen = new Set<string>();
  for (const element of allElements(doc)) {
    for (const attr of Array.from(element.attributes)) {
      if (!ID_ATTRIBUTES.includes(attr.localName)) continue;
      if (seen.has(attr.value)) throw new SamlSignatureError('duplicate ID in the response');
      seen.add(attr.value);
    }
  }
}

/** The certificate as PEM; undefined when it is not a well-formed X.509 certificate. */
function toPem(base64Der: string): string | undefined {
  try {
    return new X509Certificate(Buffer.from(base64Der, 'base64')).toString();
  } catch {
    return undefined;
  }
}
