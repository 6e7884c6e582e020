import { createRequire } from 'node:module';

/**
 * The small XML DOM surface SAML verification needs, over `@xmldom/xmldom` (the DOM `xml-crypto`
 * itself uses, so the document that is checked and the document that is verified are parsed by
 * one parser). Loaded without its type declarations, which would pull the browser DOM library
 * into the whole program.
 */

export const SAMLP_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const SAML_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** A DOM node as `@xmldom/xmldom` builds it (only what is used here). */
export interface XmlNode {
  readonly nodeType: number;
  readonly parentNode: XmlNode | null;
  readonly childNodes: ArrayLike<XmlNode>;
  readonly textContent: string | null;
}

export interface XmlElement extends XmlNode {
  readonly localName: string;
  readonly namespaceURI: string | null;
  readonly attributes: ArrayLike<{ readonly localName: string; readonly name: string; readonly value: string }>;
  getAttribute(name: string): string | null;
  getElementsByTagNameNS(ns: string, localName: string): ArrayLike<XmlElement>;
}

export interface XmlDocument extends XmlNode {
  readonly documentElement: XmlElement | null;
  getElementsByTagNameNS(ns: string, localName: string): ArrayLike<XmlElement>;
}

interface DomParser {
  parseFromString(source: string, mimeType: string): XmlDocument;
}

type ErrorHandler = (message: string) => void;

const { DOMParser } = createRequire(import.meta.url)('@xmldom/xmldom') as {
  DOMParser: new (options: { errorHandler: { warning: ErrorHandler; error: ErrorHandler; fatalError: ErrorHandler } }) => DomParser;
};

const ELEMENT_NODE = 1;

/** Thrown for XML that is not a well-formed document we are willing to read. */
export class XmlRejected extends Error {}

/**
 * Parses a document, refusing any warning or error and any document type declaration (so no
 * entity is ever defined or expanded).
 */
export function parseXml(text: string): XmlDocument {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) throw new XmlRejected('document type declarations are not accepted');
  const fail: ErrorHandler = (message) => {
    throw new XmlRejected(message);
  };
  let doc: XmlDocument;
  try {
    doc = new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(text, 'text/xml');
  } catch (err) {
    throw err instanceof XmlRejected ? err : new XmlRejected(err instanceof Error ? err.message : String(err));
  }
  if (doc.documentElement === null) throw new XmlRejected('no root element');
  return doc;
}

export function isElement(node: XmlNode): node is XmlElement {
  return node.nodeType === ELEMENT_NODE;
}

/** The child elements of `parent` named `{ns}localName`, in document order. */
export function childElements(parent: XmlNode, ns: string, localName: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of Array.from(parent.childNodes)) {
    if (isElement(child) && child.localName === localName && child.namespaceURI === ns) found.push(child);
  }
  return found;
}

/** The only child element of that name; undefined when there is none, XmlRejected when several. */
export function onlyChild(parent: XmlNode, ns: string, localName: string): XmlElement | undefined {
  const found = childElements(parent, ns, localName);
  if (found.length > 1) throw new XmlRejected(`more than one ${localName}`);
  return found[0];
}

/** Every element of the document, in document order. */
export function allElements(root: XmlNode): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (node: XmlNode) => {
    for (const child of Array.from(node.childNodes)) {
      if (!isElement(child)) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/** The trimmed text of an element (comments excluded). */
export function textOf(element: XmlElement | undefined): string | undefined {
  if (element === undefined) return undefined;
  return (element.textContent ?? '').trim();
}

/** An attribute's value, undefined when absent. */
export function attribute(element: XmlElement | undefined, name: string): string | undefined {
  if (element === undefined) return undefined;
  for (const attr of Array.from(element.attributes)) if (attr.name === name) return attr.value;
  return undefined;
}
