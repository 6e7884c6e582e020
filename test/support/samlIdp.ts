import 'reflect-metadata';
import { randomUUID, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { SignedXml } from 'xml-crypto';

/**
 * A SAML 2.0 identity provider for tests: an RSA key with a self-signed certificate, its metadata
 * document, and SAML Responses built and signed (with xml-crypto) on demand, including the
 * malformed and malicious variants federation must refuse.
 */

export const SIGNIN_URL = 'https://signin.aws.amazon.com/saml';
const ATTR = 'https://aws.amazon.com/SAML/Attributes/';

export interface SigningIdentity {
  readonly privateKeyPem: string;
  /** DER, base64. */
  readonly certificate: string;
}

/** A fresh RSA-2048 key and a self-signed certificate for it. */
export async function signingIdentity(commonName = 'Gatehouse Test IdP'): Promise<SigningIdentity> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${commonName}`,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 365 * 86_400_000),
    signingAlgorithm: algorithm,
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const privateKeyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
  return { privateKeyPem, certificate: cert.toString('base64') };
}

/** IdP metadata naming `entityId` with `certificate` as its signing key. */
export function idpMetadata(entityId: string, certificate: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}

export interface AssertionOptions {
  readonly issuer: string;
  /** `role ARN,provider ARN` values of the Role attribute. */
  readonly roles: readonly string[];
  readonly sessionName?: string;
  readonly subject?: string;
  readonly subjectFormat?: string;
  readonly recipient?: string;
  readonly audience?: string;
  readonly notBefore?: Date;
  readonly notOnOrAfter?: Date;
  readonly sessionNotOnOrAfter?: Date;
  /** Extra attributes, by name. */
  readonly attributes?: Readonly<Record<string, readonly string[]>>;
  /** The Assertion's ID (default: random). */
  readonly id?: string;
}

function attributeXml(name: string, values: readonly string[]): string {
  return `<saml:Attribute Name="${name}">${values.map((v) => `<saml:AttributeValue xsi:type="xs:string">${v}</saml:AttributeValue>`).join('')}</saml:Attribute>`;
}

/** An unsigned `saml:Assertion` element. */
export function assertionXml(options: AssertionOptions): string {
  const now = Date.now();
  const iso = (d: Date) => d.toISOString();
  const notBefore = options.notBefore ?? new Date(now - 60_000);
  const notOnOrAfter = options.notOnOrAfter ?? new Date(now + 5 * 60_000);
  const recipient = options.recipient ?? SIGNIN_URL;
  const attributes: Record<string, readonly string[]> = {
    [`${ATTR}Role`]: options.roles,
    ...(options.sessionName !== undefined ? { [`${ATTR}RoleSessionName`]: [options.sessionName] } : {}),
    ...options.attributes,
  };
  const session = options.sessionNotOnOrAfter === undefined ? '' : ` SessionNotOnOrAfter="${iso(options.sessionNotOnOrAfter)}"`;
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${options.id ?? `_a${randomUUID()}`}" IssueInstant="${iso(new Date(now))}" Version="2.0">` +
    `<saml:Issuer>${options.issuer}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${options.subjectFormat ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'}">${options.subject ?? 'alice@example.com'}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(notOnOrAfter)}" Recipient="${recipient}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}"><saml:AudienceRestriction><saml:Audience>${options.audience ?? 'urn:amazon:webservices'}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(new Date(now))}"${session}><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${Object.entries(attributes)
      .map(([n, v]) => attributeXml(n, v))
      .join('')}</saml:AttributeStatement>` +
    `</saml:Assertion>`
  );
}

/** A `samlp:Response` around assertions (already signed or not). */
export function responseXml(issuer: string, assertions: readonly string[], id = `_r${randomUUID()}`): string {
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${SIGNIN_URL}">` +
    `<saml:Issuer>${issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    assertions.join('') +
    `</samlp:Response>`
  );
}

/**
 * Signs the element of `xml` whose local name is `target` (the first one) with an enveloped
 * RSA-SHA256 signature over exclusive c14n, placed after its Issuer.
 */
export function sign(xml: string, key: SigningIdentity, target: 'Assertion' | 'Response'): string {
  const signer = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: `-----BEGIN CERTIFICATE-----\n${key.certificate}\n-----END CERTIFICATE-----\n`,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  const path = `(//*[local-name(.)='${target}'])[1]`;
  signer.addReference({
    xpath: path,
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
  });
  signer.computeSignature(xml, { prefix: 'ds', location: { reference: `${path}/*[local-name(.)='Issuer']`, action: 'after' } });
  return signer.getSignedXml();
}

/** The base64 form STS takes as `SAMLAssertion`. */
export function encode(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64');
}
