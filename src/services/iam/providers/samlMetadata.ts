import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { iamErrors } from '../iamErrors.js';
import { besideModule, moduleWorker } from '../../../moduleWorker.js';

/** What IAM keeps from a SAML IdP metadata document. */
export interface SamlMetadata {
  /** The IdP's `entityID`. */
  readonly entityId: string;
  /** Signing certificates of the IdP, DER in base64. */
  readonly signingCertificates: string[];
  /** The metadata's `validUntil`, when it has one. */
  readonly validUntil?: Date;
}

/** AWS: CreateSAMLProvider/UpdateSAMLProvider answer this for metadata IAM cannot use. */
const BAD_METADATA = 'Could not parse metadata';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  isArray: (name) => ['EntityDescriptor', 'IDPSSODescriptor', 'KeyDescriptor', 'X509Data', 'X509Certificate'].includes(name),
});

type XmlNode = Record<string, unknown>;

function children(node: unknown, name: string): XmlNode[] {
  if (typeof node !== 'object' || node === null) return [];
  const value = (node as XmlNode)[name];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function text(node: unknown): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && node !== null && typeof (node as XmlNode)['#text'] === 'string') return (node as XmlNode)['#text'] as string;
  return '';
}

/**
 * Reads a SAML 2.0 metadata document as IAM does: an `EntityDescriptor` (alone or the first in an
 * `EntitiesDescriptor`) with an `entityID` and an `IDPSSODescriptor` holding at least one X.509
 * signing certificate (`KeyDescriptor` with `use="signing"` or no `use`), each a valid certificate.
 * Anything else is `InvalidInput` "Could not parse metadata".
 */
export function parseSamlMetadata(document: string): SamlMetadata {
  if (XMLValidator.validate(document) !== true) throw iamErrors.invalidInput(BAD_METADATA);
  let root: XmlNode;
  try {
    root = parser.parse(document) as XmlNode;
  } catch {
    throw iamErrors.invalidInput(BAD_METADATA);
  }
  const entity = children(root, 'EntityDescriptor')[0] ?? children(root['EntitiesDescriptor'], 'EntityDescriptor')[0];
  const entityId = entity?.['@_entityID'];
  if (entity === undefined || typeof entityId !== 'string' || entityId.trim() === '') throw iamErrors.invalidInput(BAD_METADATA);

  const certificates: string[] = [];
  for (const idp of children(entity, 'IDPSSODescriptor')) {
    for (const key of children(idp, 'KeyDescriptor')) {
      const use = key['@_use'];
      if (use !== undefined && use !== 'signing') continue;
      for (const data of children(key['KeyInfo'], 'X509Data')) {
        for (const cert of children(data, 'X509Certificate')) certificates.push(checkedCertificate(text(cert)));
      }
    }
  }
  if (certificates.length === 0) throw iamErrors.invalidInput(BAD_METADATA);

  const validUntilText = entity['@_validUntil'];
  if (validUntilText === undefined) return { entityId, signingCertificates: certificates };
  const validUntil = new Date(String(validUntilText));
  if (Number.isNaN(validUntil.getTime())) throw iamErrors.invalidInput(BAD_METADATA);
  return { entityId, signingCertificates: certificates, validUntil };
}

/**
 * Documents of at least this many characters are read on a worker thread: parsing takes time in
 * proportion to the number of elements and attributes, and a document of IAM's maximum size
 * (10,000,000 characters) can hold a million of them, seconds of parsing that would stall every
 * other call (200,000 attributes in 1.6 MB: 6 s). Below this, at most about a tenth of a second.
 * Real IdP metadata is a few to a few dozen kilobytes; starting a worker costs tens of milliseconds.
 */
export const OFF_THREAD_CHARACTERS = 32 * 1024;

/** {@link parseSamlMetadata}, on a worker thread for a large document. */
export async function readSamlMetadata(document: string): Promise<SamlMetadata> {
  if (document.length < OFF_THREAD_CHARACTERS) return parseSamlMetadata(document);
  const worker = moduleWorker(besideModule(import.meta.url, 'samlMetadataWorker'), { workerData: { document } });
  try {
    const reply = await new Promise<{ metadata?: SamlMetadata; invalid?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the SAML metadata worker exited (${code}) without an answer`)));
    });
    if (reply.metadata === undefined) throw iamErrors.invalidInput(reply.invalid ?? BAD_METADATA);
    return reply.metadata;
  } finally {
    void worker.terminate();
  }
}

function checkedCertificate(base64: string): string {
  const compact = base64.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw iamErrors.invalidInput(BAD_METADATA);
  try {
    new X509Certificate(Buffer.from(compact, 'base64'));
  } catch {
    throw iamErrors.invalidInput(BAD_METADATA);
  }
  return compact;
}
