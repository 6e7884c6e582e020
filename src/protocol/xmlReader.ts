import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseScalar } from './scalars.js';
import type { Shape } from './shapes.js';
import { lowerCamel, type Violation } from './validate.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Deepest element nesting read (S3's deepest request document, a lifecycle or replication configuration, needs about 8). */
const MAX_XML_DEPTH = 64;

/**
 * A parsed XML document: element name → content; `undefined` when not well-formed or nested
 * deeper than {@link MAX_XML_DEPTH} (the validator and the parser recurse per element, so a
 * body of thousands of nested elements would overflow the stack).
 */
export function parseXml(text: string): Record<string, unknown> | undefined {
  if (deeperThan(text, MAX_XML_DEPTH)) return undefined;
  if (XMLValidator.validate(text) !== true) return undefined;
  return parser.parse(text) as Record<string, unknown>;
}

/**
 * Whether the element nesting of `text` exceeds `limit`, by a scan of its tags: `<name` opens,
 * `</` closes, `/>` closes what it opened; comments, processing instructions, declarations and
 * CDATA open nothing. An approximation that never under-counts a well-formed document's depth.
 */
function deeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let at = text.indexOf('<'); at !== -1; at = text.indexOf('<', at + 1)) {
    const next = text.charCodeAt(at + 1);
    if (next === 0x2f /* / */) depth--;
    else if (next !== 0x21 /* ! */ && next !== 0x3f /* ? */) {
      const end = text.indexOf('>', at);
      if (end === -1) return false;
      if (text.charCodeAt(end - 1) !== 0x2f) depth++;
      if (depth > limit) return true;
      at = end;
    }
  }
  return false;
}

/** The first element of a parsed document, `[name, content]`. */
export function rootElement(doc: Record<string, unknown>): [string, unknown] | undefined {
  for (const [k, v] of Object.entries(doc)) {
    if (!k.startsWith('@_') && k !== '#text') return [k, v];
  }
  return undefined;
}

function asArray(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function text(node: unknown): string {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object' && '#text' in node) return String((node as Record<string, unknown>)['#text']);
  return node === undefined || node === null ? '' : typeof node === 'object' ? '' : String(node);
}

/** Converts parsed XML content to the model's value conventions, guided by `shape`. */
export function fromXml(shape: Shape, node: unknown, path: string, violations: Violation[], skipLocated = false): unknown {
  switch (shape.type) {
    case 'structure': {
      const obj = node && typeof node === 'object' ? (node as Record<string, unknown>) : {};
      const out: Record<string, unknown> = {};
      for (const name of shape.memberNames!) {
        const member = shape.members![name]!;
        if (skipLocated && member.location) continue;
        const wire = member.locationName ?? name;
        const p = path ? `${path}.${lowerCamel(name)}` : lowerCamel(name);
        if (member.xmlAttribute) {
          const attr = obj[`@_${wire}`];
          if (attr !== undefined) out[name] = parseScalar(member, String(attr), p, violations);
          continue;
        }
        const child = obj[wire];
        if (child === undefined) continue;
        if (member.type === 'list' && member.flattened) {
          out[name] = asArray(child).map((item, i) => fromXml(member.member!, item, `${p}.${i + 1}.member`, violations));
        } else if (member.type === 'map' && member.flattened) {
          out[name] = mapEntries(member, asArray(child), p, violations);
        } else {
          out[name] = fromXml(member, Array.isArray(child) ? child[child.length - 1] : child, p, violations);
        }
      }
      return out;
    }
    case 'list': {
      const obj = node && typeof node === 'object' ? (node as Record<string, unknown>) : {};
      const items = asArray(obj[shape.member!.locationName ?? 'member']);
      return items.map((item, i) => fromXml(shape.member!, item, `${path}.${i + 1}.member`, violations));
    }
    case 'map': {
      const obj = node && typeof node === 'object' ? (node as Record<string, unknown>) : {};
      return mapEntries(shape, asArray(obj.entry), path, violations);
    }
    default:
      return parseScalar(shape, text(node), path, violations);
  }
}

function mapEntries(shape: Shape, entries: unknown[], path: string, violations: Violation[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keyName = shape.key!.locationName ?? 'key';
  const valueName = shape.value!.locationName ?? 'value';
  for (const entry of entries) {
    if (!entry || typeof entry !== 'object') continue;
    const e = entry as Record<string, unknown>;
    const k = text(e[keyName]);
    out[k] = fromXml(shape.value!, e[valueName], `${path}.${k}.member`, violations);
  }
  return out;
}
