/**
 * The positioned JSON tree produced by the strict policy JSON parser (jsonParse.ts). Every node keeps
 * the offset where it starts so grammar errors can name a line and column.
 */

/** One `"key": value` pair of an object, in document order. */
export interface JsonMember {
  readonly key: string;
  /** Offset of the opening quote of the key. */
  readonly keyStart: number;
  readonly value: JsonNode;
}

export type JsonNode =
  | { readonly kind: 'object'; readonly start: number; readonly members: readonly JsonMember[] }
  | { readonly kind: 'array'; readonly start: number; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly start: number; readonly value: string }
  | { readonly kind: 'number'; readonly start: number; readonly value: number; readonly raw: string }
  | { readonly kind: 'boolean'; readonly start: number; readonly value: boolean }
  | { readonly kind: 'null'; readonly start: number };

/** A 1-based line and column. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Converts a positioned tree to plain JavaScript values (objects, arrays, strings, numbers, booleans,
 * null). Object keys become own properties of null-prototype objects, so a key such as `__proto__`
 * stays data.
 */
export function toPlainJson(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const member of node.members) out[member.key] = toPlainJson(member.value);
      return out;
    }
    case 'array':
      return node.items.map(toPlainJson);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

/**
 * Maps offsets in one text to line/column positions. Built once per text in linear time; each lookup
 * is a binary search. Lines break at LF, at CR, and at CRLF (counted once).
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) this.starts.push(i + 1);
      else if (c === 0x0d) {
        if (text.charCodeAt(i + 1) === 0x0a) i++;
        this.starts.push(i + 1);
      }
    }
  }

  /** The position of `offset` (clamped to the text). */
  position(offset: number): TextPosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }
}
