import type { JsonMember, JsonNode } from './json.js';

/** Deepest nesting of arrays and objects the parser accepts (a valid policy needs 6). */
export const MAX_JSON_DEPTH = 64;

/** Why a text is not acceptable JSON, with the offset of the offending character. */
export interface JsonSyntaxError {
  /** Lowercase, no final period, user input in backticks. */
  readonly reason: string;
  readonly offset: number;
  /** Set when the text is valid JSON apart from this repeated key. */
  readonly duplicateKey?: string;
}

export type JsonParseResult = { readonly ok: true; readonly node: JsonNode } | { readonly ok: false; readonly error: JsonSyntaxError };

/**
 * Parses `text` as strict RFC 8259 JSON into a positioned tree. Rejects a key repeated within one
 * object (IAM does), nesting deeper than {@link MAX_JSON_DEPTH}, trailing content, comments, and
 * unescaped control characters in strings. Runs in time linear in the text; never throws.
 */
export function parseJson(text: string): JsonParseResult {
  const parser = new Parser(text);
  try {
    parser.skipSpace();
    const node = parser.value(0);
    parser.skipSpace();
    if (parser.pos < text.length) parser.fail('unexpected content after the JSON value');
    return { ok: true, node };
  } catch (e) {
    if (e instanceof SyntaxFailure) return { ok: false, error: e.error };
    // INVARIANT: the parser raises only SyntaxFailure; anything else is a bug worth surfacing as data.
    return { ok: false, error: { reason: `internal parser error: ${String(e)}`, offset: parser.pos } };
  }
}

class SyntaxFailure {
  constructor(readonly error: JsonSyntaxError) {}
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class Parser {
  pos = 0;

  constructor(private readonly text: string) {}

  fail(reason: string, offset = this.pos, duplicateKey?: string): never {
    const error: JsonSyntaxError = duplicateKey === undefined ? { reason, offset } : { reason, offset, duplicateKey };
    throw new SyntaxFailure(error);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.pos++;
    }
  }

  value(depth: number): JsonNode {
    const start = this.pos;
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object(depth + 1);
      case '[':
        return this.array(depth + 1);
      case '"':
        return { kind: 'string', start, value: this.string() };
      case 't':
        return this.literal('true', { kind: 'boolean', start, value: true });
      case 'f':
        return this.literal('false', { kind: 'boolean', start, value: false });
      case 'n':
        return this.literal('null', { kind: 'null', start });
      case undefined:
        return this.fail('unexpected end of input');
      default:
        if (c === '-' || (c >= '0' && c <= '9')) return this.number();
        return this.fail(`unexpected character \`${c}\``);
    }
  }

  private literal(word: string, node: JsonNode): JsonNode {
    if (!this.text.startsWith(word, this.pos)) this.fail(`unexpected character \`${this.text[this.pos]}\``);
    this.pos += word.length;
    return node;
  }

  private number(): JsonNode {
    const start = this.pos;
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(this.text);
    if (match === null) return this.fail('invalid number');
    this.pos = start + match[0].length;
    const next = this.text[this.pos];
    if (next !== undefined && /[0-9.eE+-]/.test(next)) this.fail('invalid number');
    return { kind: 'number', start, value: Number(match[0]), raw: match[0] };
  }

  private string(): string {
    const t = this.text;
    this.pos++;
    let out = '';
    let runStart = this.pos;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(runStart, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail('unescaped control character in string');
      if (c === 0x5c) {
        out += t.slice(runStart, this.pos);
        out += this.escape();
        runStart = this.pos;
        continue;
      }
      this.pos++;
    }
    return this.fail('unterminated string');
  }

  private escape(): string {
    const t = this.text;
    const e = t[this.pos + 1];
    if (e === 'u') {
      const hex = t.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid unicode escape');
      this.pos += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    const mapped = e === undefined ? undefined : ESCAPES[e];
    if (mapped === undefined) this.fail('invalid escape sequence');
    this.pos += 2;
    return mapped;
  }

  private array(depth: number): JsonNode {
    const start = this.pos;
    if (depth > MAX_JSON_DEPTH) this.fail(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    this.pos++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', start, items };
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value(depth));
      this.skipSpace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ']') return { kind: 'array', start, items };
      if (c !== ',') this.fail(c === undefined ? 'unexpected end of input' : 'expected `,` or `]`', this.pos - 1);
    }
  }

  private object(depth: number): JsonNode {
    const start = this.pos;
    if (depth > MAX_JSON_DEPTH) this.fail(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    this.pos++;
    const members: JsonMember[] = [];
    const seen = new Set<string>();
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', start, members };
    }
    for (;;) {
      this.skipSpace();
      const keyStart = this.pos;
      if (this.text[this.pos] !== '"') this.fail('expected a quoted key');
      const key = this.string();
      // AWS: IAM rejects a policy that repeats a key within one object (reference §6, DESIGN brief).
      if (seen.has(key)) this.fail(`duplicate key \`${key}\``, keyStart, key);
      seen.add(key);
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail('expected `:` after a key');
      this.pos++;
      this.skipSpace();
      members.push({ key, keyStart, value: this.value(depth) });
      this.skipSpace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === '}') return { kind: 'object', start, members };
      if (c !== ',') this.fail(c === undefined ? 'unexpected end of input' : 'expected `,` or `}`', this.pos - 1);
    }
  }
}
