import type { Shape } from './shapes.js';
import { XML_UNSAFE } from './echo.js';
import { scalarText } from './scalars.js';

// AWS: Smithy XML serialization (as the AWS SDKs do it): `& < > " '` as entities, CR, LF, NEL and
// LINE SEPARATOR as character references so they survive XML end-of-line normalisation.
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
  '\n': '&#10;',
  '\u0085': '&#133;',
  '\u2028': '&#8232;',
};

/** What needs escaping, and (surrogates) what may: one test keeps text that needs nothing cheap. */
const NEEDS_ESCAPE = /[&<>"'\r\n\u0085\u2028\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ESCAPED = /[&<>"'\r\n\u0085\u2028]/g;

/**
 * Escapes text for an XML element or attribute the way AWS does (`& < > " '`, CR, LF, NEL, LS),
 * and replaces the characters XML 1.0 cannot carry at all (`echo.ts`) with U+FFFD, so that every
 * document stays well-formed whatever the text.
 */
export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  XML_UNSAFE.lastIndex = 0;
  const safe = XML_UNSAFE.test(text) ? text.replace(XML_UNSAFE, '\uFFFD') : text;
  return safe.replace(ESCAPED, (c) => ESCAPES[c]!);
}

const INDENTS = Array.from({ length: 16 }, (_, i) => `\n${'  '.repeat(i)}`);

/** A structure member as the writer needs it: its name in the value, its element name, its shape. */
interface WrittenMember {
  readonly name: string;
  readonly element: string;
  readonly shape: Shape;
}

/** What the writer reads of a structure shape, worked out once per shape. */
interface WrittenStructure {
  /** Members written as child elements, in model order. */
  readonly elements: readonly WrittenMember[];
  /** Members written as attributes (`xmlAttribute`). */
  readonly attributes: readonly WrittenMember[];
  /** The namespace declaration's attribute text, or ''. */
  readonly namespace: string;
}

const STRUCTURES = new WeakMap<Shape, WrittenStructure>();

function writtenStructure(shape: Shape): WrittenStructure {
  let written = STRUCTURES.get(shape);
  if (written === undefined) {
    const elements: WrittenMember[] = [];
    const attributes: WrittenMember[] = [];
    for (const name of shape.memberNames!) {
      const member = shape.members![name]!;
      (member.xmlAttribute ? attributes : elements).push({ name, element: member.locationName ?? name, shape: member });
    }
    const ns = shape.xmlNamespace;
    const namespace = ns === undefined ? '' : ns.prefix ? ` xmlns:${ns.prefix}="${escapeXml(ns.uri)}"` : ` xmlns="${escapeXml(ns.uri)}"`;
    written = { elements, attributes, namespace };
    STRUCTURES.set(shape, written);
  }
  return written;
}

/** Options for {@link XmlWriter}: pretty-print with two-space indents (query) or not (S3). */
export interface XmlWriterOptions {
  pretty: boolean;
  timestamp: (d: Date) => string;
  /** Members to skip at the top level (HTTP-bound members in rest-xml). */
  skipLocated?: boolean;
}

/** A small shape-driven XML string builder. */
export class XmlWriter {
  out = '';

  constructor(private readonly options: XmlWriterOptions) {}

  private newline(depth: number): void {
    if (this.options.pretty) this.out += INDENTS[depth] ?? `\n${'  '.repeat(depth)}`;
  }

  /** Writes `<name attrs>` … `</name>` around `inner`, with optional raw attribute text. */
  open(name: string, depth: number, attrs = ''): void {
    this.newline(depth);
    this.out += `<${name}${attrs}>`;
  }

  close(name: string, depth: number, hadChildren: boolean): void {
    if (hadChildren) this.newline(depth);
    this.out += `</${name}>`;
  }

  /** A leaf element `<name>text</name>`, text already escaped. */
  leaf(name: string, escaped: string, depth: number): void {
    this.newline(depth);
    this.out += `<${name}>${escaped}</${name}>`;
  }

  /** Writes the members of a structure value as child elements. Returns whether any were written. */
  members(shape: Shape, value: Record<string, unknown>, depth: number, top = false): boolean {
    let wrote = false;
    const skipLocated = top && this.options.skipLocated === true;
    for (const member of writtenStructure(shape).elements) {
      const v = value[member.name];
      if (v === undefined || v === null) continue;
      if (skipLocated && member.shape.location) continue;
      this.value(member.element, member.shape, v, depth);
      wrote = true;
    }
    return wrote;
  }

  /** Writes one value of `shape` as element(s) named `name`. */
  value(name: string, shape: Shape, v: unknown, depth: number): void {
    switch (shape.type) {
      case 'structure': {
        const obj = v as Record<string, unknown>;
        const attrs = this.attributes(shape, obj);
        this.open(name, depth, attrs);
        const had = this.members(shape, obj, depth + 1);
        this.close(name, depth, had);
        return;
      }
      case 'list': {
        const arr = v as unknown[];
        const member = shape.member!;
        if (shape.flattened) {
          for (const item of arr) this.value(name, member, item, depth);
          return;
        }
        if (arr.length === 0) {
          this.newline(depth);
          this.out += `<${name}/>`;
          return;
        }
        this.open(name, depth);
        const itemName = member.locationName ?? 'member';
        for (const item of arr) this.value(itemName, member, item, depth + 1);
        this.close(name, depth, true);
        return;
      }
      case 'map': {
        const obj = v as Record<string, unknown>;
        const keyName = shape.key!.locationName ?? 'key';
        const valueName = shape.value!.locationName ?? 'value';
        const entries = Object.entries(obj);
        if (shape.flattened) {
          for (const [k, val] of entries) {
            this.open(name, depth);
            this.leaf(keyName, escapeXml(k), depth + 1);
            this.value(valueName, shape.value!, val, depth + 1);
            this.close(name, depth, true);
          }
          return;
        }
        this.open(name, depth);
        for (const [k, val] of entries) {
          this.open('entry', depth + 1);
          this.leaf(keyName, escapeXml(k), depth + 2);
          this.value(valueName, shape.value!, val, depth + 2);
          this.close('entry', depth + 1, true);
        }
        this.close(name, depth, entries.length > 0);
        return;
      }
      default:
        this.leaf(name, escapeXml(scalarText(shape, v, this.options.timestamp)), depth);
    }
  }

  /** The attribute text of a structure: its namespace declaration and `xmlAttribute` members. */
  attributes(shape: Shape, obj: Record<string, unknown>): string {
    const written = writtenStructure(shape);
    let attrs = written.namespace;
    for (const member of written.attributes) {
      const v = obj[member.name];
      if (v === undefined || v === null) continue;
      attrs += ` ${member.element}="${escapeXml(scalarText(member.shape, v, this.options.timestamp))}"`;
    }
    return attrs;
  }
}
