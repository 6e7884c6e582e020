import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ExternalIdpSettings } from '../../store/index.js';

/**
 * Reads a SAML 2.0 identity provider's metadata as IAM Identity Center takes it for an external
 * identity source: the IdP's `entityID`, its signing certificates, and where it takes
 * authentication requests (a `SingleSignOnService` with the HTTP-Redirect binding, else
 * HTTP-POST). Undefined when the document is not such metadata.
 */
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  isArray: (name) => ['EntityDescriptor', 'IDPSSODescriptor', 'KeyDescriptor', 'X509Data', 'X509Certificate', 'SingleSignOnService'].includes(name),
});

type XmlNode = Record<string, unknown>;

const children = (node: unknown, name: string): XmlNode[] =>
  typeof node === 'object' && node !== null && Array.isArray((node as XmlNode)[name]) ? ((node as XmlNode)[name] as XmlNode[]) : [];
const text = (node: unknown): string =>
  typeof node === 'string'
    ? node
    : typeof node === 'object' && node !== null && typeof (node as XmlNode)['#text'] === 'string'
      ? ((node as XmlNode)['#text'] as string)
      : '';

export function readIdpMetadata(document: string): ExternalIdpSettings | undefined {
  if (XMLValidator.validate(document) !== true) return undefined;
  let root: XmlNode;
  try {
    root = parser.parse(document) as XmlNode;
  } catch {
    return undefined;
  }
  const entity = children(root, 'EntityDescriptor')[0] ?? children(root['EntitiesDescriptor'], 'EntityDescriptor')[0];
  const entityId = entity?.['@_entityID'];
  if (entity === undefined || typeof entityId !== 'string' || entityId.trim() === '') return undefined;
  const certificates: string[] = [];
  let redirect: string | undefined;
  let post: string | undefined;
  for (const idp of children(entity, 'IDPSSODescriptor')) {
    for (const key of children(idp, 'KeyDescriptor')) {
      if (key['@_use'] !== undefined && key['@_use'] !== 'signing') continue;
      for (const data of children(key['KeyInfo'], 'X509Data')) {
        for (const cert of children(data, 'X509Certificate')) {
          const der = text(cert).replace(/\s+/g, '');
          try {
            new X509Certificate(Buffer.from(der, 'base64'));
          } catch {
            return undefined;
          }
          certificates.push(der);
        }
      }
    }
    for (const service of children(idp, 'SingleSignOnService')) {
      const location = service['@_Location'];
      if (typeof location !== 'string' || !/^https?:\/\//.test(location)) continue;
      if (service['@_Binding'] === REDIRECT) redirect ??= location;
      if (service['@_Binding'] === POST) post ??= location;
    }
  }
  const ssoUrl = redirect ?? post;
  if (certificates.length === 0 || ssoUrl === undefined) return undefined;
  return { entityId, signingCertificates: certificates, ssoUrl, ssoBinding: redirect !== undefined ? 'redirect' : 'post', metadataDocument: document };
}
