/**
 * A strict JSON parser that keeps where every value and key starts and ends, so findings can point
 * at exact spans. Linear in the text, bounded nesting, never throws.
 */

/** Start (inclusive) and end (exclusive) offsets of a token in the text. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** One `"key": value` pair, in document order. */
export interface SourceMember {
  readonly key: string;
  readonly keyRange: TextRange;
  readonly value: SourceNode;
}

/** A parsed value with its range. */
export type SourceNode = TextRange &
  (
    | { readonly kind: 'object'; readonly members: readonly SourceMember[] }
    | { readonly kind: 'array'; readonly items: readonly SourceNode[] }
    | { readonly kind: 'string'; readonly value: string }
    | { readonly kind: 'number'; readonly value: number; readonly raw: string }
    | { readonly kind: 'boolean'; readonly value: boolean }
    | { readonly kind: 'null' }
  );

/** Deepest nesting accepted (a policy needs 6). */
export const MAX_SOURCE_DEPTH = 64;

export type SourceParseResult = { readonly ok: true; readonly root: SourceNode } | { readonly ok: false; readonly offset: number; readonly reason: string };

class Failure {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parses `text` as one JSON value; a repeated key within an object is a syntax error (IAM's rule). */
export function parseSourceJson(text: string): SourceParseResult {
  const p = new SourceParser(text);
  try {
    p.space();
    const root = p.value(0);
    p.space();
    if (p.pos < text.length) throw new Failure(p.pos, 'unexpected content after the JSON value');
    return { ok: true, root };
  } catch (e) {
    if (e instanceof Failure) return { ok: false, offset: e.offset, reason: e.reason };
    // INVARIANT: only Failure is thrown by the parser; a stack overflow cannot happen (depth is bounded).
    return { ok: false, offset: p.pos, reason: `internal parser error: ${String(e)}` };
  }
}

class SourceParser {
  pos = 0;
  constructor(private readonly t: string) {}

  space(): void {
    const t = this.t;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.pos++;
    }
  }

  value(depth: number): SourceNode {
    const start = this.pos;
    const c = this.t[start];
    if (c === '{') return this.object(depth + 1);
    if (c === '[') return this.array(depth + 1);
    if (c === '"') {
      const value = this.string();
      return { kind: 'string', value, start, end: this.pos };
    }
    if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      if (!this.t.startsWith(word, start)) throw new Failure(start, `unexpected character \`${c}\``);
      this.pos += word.length;
      if (word === 'null') return { kind: 'null', start, end: this.pos };
      return { kind: 'boolean', value: word === 'true', start, end: this.pos };
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = start;
      const m = NUMBER.exec(this.t);
      if (m === null) throw new Failure(start, 'invalid number');
      this.pos = start + m[0].length;
      const next = this.t[this.pos];
      if (next !== undefined && /[0-9.eE+-]/.test(next)) throw new Failure(this.pos, 'invalid number');
      return { kind: 'number', value: Number(m[0]), raw: m[0], start, end: this.pos };
    }
    throw new Failure(start, c === undefined ? 'unexpected end of input' : `unexpected character \`${c}\``);
  }

  string(): string {
    const t = this.t;
    this.pos++;
    let out = '';
    let run = this.pos;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(run, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) throw new Failure(this.pos, 'unescaped control character in string');
      if (c === 0x5c) {
        out += t.slice(run, this.pos);
        const e = t[this.pos + 1];
        if (e === 'u') {
          const hex = t.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Failure(this.pos, 'invalid unicode escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 6;
        } else {
          const mapped = e === undefined ? undefined : ESCAPES[e];
          if (mapped === undefined) throw new Failure(this.pos, 'invalid escape sequence');
          out += mapped;
          this.pos += 2;
        }
        run = this.pos;
        continue;
      }
      this.pos++;
    }
    throw new Failure(this.pos, 'unterminated string');
  }

  array(depth: number): SourceNode {
    const start = this.pos;
    if (depth > MAX_SOURCE_DEPTH) throw new Failure(start, `nesting deeper than ${MAX_SOURCE_DEPTH} levels`);
    this.pos++;
    const items: SourceNode[] = [];
    this.space();
    if (this.t[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items, start, end: this.pos };
    }
    for (;;) {
      this.space();
      items.push(this.value(depth));
      this.space();
      const c = this.t[this.pos];
      if (c === ']') {
        this.pos++;
        return { kind: 'array', items, start, end: this.pos };
      }
      if (c !== ',') throw new Failure(this.pos, c === undefined ? 'unexpected end of input' : 'expected `,` or `]`');
      this.pos++;
    }
  }

  object(depth: number): SourceNode {
    const start = this.pos;
    if (depth > MAX_SOURCE_DEPTH) throw new Failure(start, `nesting deeper than ${MAX_SOURCE_DEPTH} levels`);
    this.pos++;
    const members: SourceMember[] = [];
    const seen = new Set<string>();
    this.space();
    if (this.t[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', members, start, end: this.pos };
    }
    for (;;) {
      this.space();
      const keyStart = this.pos;
      if (this.t[keyStart] !== '"') throw new Failure(keyStart, 'expected a quoted key');
      const key = this.string();
      // AWS: IAM rejects a policy that repeats a key within one object; so does this parser.
      if (seen.has(key)) throw new Failure(keyStart, `duplicate key \`${key}\``);
      seen.add(key);
      const keyRange = { start: keyStart, end: this.pos };
      this.space();
      if (this.t[this.pos] !== ':') throw new Failure(this.pos, 'expected `:` after a key');
      this.pos++;
      this.space();
      members.push({ key, keyRange, value: this.value(depth) });
      this.space();
      const c = this.t[this.pos];
      if (c === '}') {
        this.pos++;
        return { kind: 'object', members, start, end: this.pos };
      }
      if (c !== ',') throw new Failure(this.pos, c === undefined ? 'unexpected end of input' : 'expected `,` or `}`');
      this.pos++;
    }
  }
}

/** The member of an object node named `key` (exact case), if any. */
export function memberOf(node: SourceNode, key: string): SourceMember | undefined {
  return node.kind === 'object' ? node.members.find((m) => m.key === key) : undefined;
}
