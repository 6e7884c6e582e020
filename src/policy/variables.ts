import type { ContextValues } from './context.js';
import { tokenize, type WildToken } from './wildcard.js';

/**
 * Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'none'}` and the three fixed
 * ones `${*}`, `${?}`, `${$}`.
 *
 * AWS: reference_policies_variables — variables exist only in policy language Version 2012-10-17
 * (in 2008-10-17 `${…}` is literal text); they may appear in the resource part of a Resource ARN
 * and in condition values of string and ARN operators; "not present" values make "any attempt to
 * match fail"; a default is written `${key, 'default'}`; multivalued keys cannot be variables.
 */

/** One piece of a template: policy text, literal text (from `${*}` …), or a variable. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'var'; readonly lowerKey: string; readonly defaultValue: string | undefined };

const VARIABLE_BODY = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/;
const FIXED: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };

/** True when the text contains something that looks like a variable. */
export function hasVariables(text: string): boolean {
  return text.includes('${');
}

/** Parses text into template parts; text that is not a well-formed variable stays text. */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let buffer = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('${', i);
    if (open < 0) break;
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    const body = text.slice(open + 2, close);
    const fixed = FIXED[body];
    const match = fixed === undefined ? VARIABLE_BODY.exec(body) : null;
    if (fixed === undefined && match === null) {
      buffer += text.slice(i, open + 2);
      i = open + 2;
      continue;
    }
    buffer += text.slice(i, open);
    if (buffer) parts.push({ kind: 'text', text: buffer });
    buffer = '';
    if (fixed !== undefined) parts.push({ kind: 'literal', text: fixed });
    else parts.push({ kind: 'var', lowerKey: match![1]!.toLowerCase(), defaultValue: match![2] });
    i = close + 1;
  }
  buffer += text.slice(i);
  if (buffer) parts.push({ kind: 'text', text: buffer });
  return parts;
}

/** The value a variable resolves to, or undefined when it cannot be resolved. */
export function resolveVariable(part: { readonly lowerKey: string; readonly defaultValue: string | undefined }, context: ContextValues): string | undefined {
  const entry = context.getLower(part.lowerKey);
  if (entry !== undefined && !entry.multi) return entry.values[0];
  return part.defaultValue;
}

/** Resolves a template to plain text (wildcards in policy text kept as characters). */
export function resolveText(parts: readonly TemplatePart[], context: ContextValues): string | undefined {
  let out = '';
  for (const part of parts) {
    if (part.kind !== 'var') out += part.text;
    else {
      const value = resolveVariable(part, context);
      if (value === undefined) return undefined;
      out += value;
    }
  }
  return out;
}

type VariablePart = Extract<TemplatePart, { kind: 'var' }>;
type Piece = { readonly kind: 'tokens'; readonly tokens: WildToken[] } | VariablePart;

/**
 * A matcher built from a template once per distinct set of variable values: the policy text is
 * tokenized at compile time, and each request only looks its variables up.
 */
export class TemplateMatcher<M> {
  private readonly pieces: readonly Piece[];
  private readonly cache = new Map<string, M>();

  constructor(
    parts: readonly TemplatePart[],
    private readonly build: (tokens: WildToken[]) => M,
    prefix: readonly WildToken[] = [],
  ) {
    const pieces: Piece[] = [];
    let current: WildToken[] = [...prefix];
    for (const part of parts) {
      if (part.kind === 'var') {
        pieces.push({ kind: 'tokens', tokens: current }, part);
        current = [];
      } else if (part.kind === 'text') current.push(...tokenize(part.text));
      else current.push(part.text);
    }
    pieces.push({ kind: 'tokens', tokens: current });
    this.pieces = pieces;
  }

  /** The matcher for this request's variable values, or undefined when one cannot be resolved. */
  get(context: ContextValues): M | undefined {
    let key = '';
    for (const piece of this.pieces) {
      if (piece.kind === 'tokens') continue;
      const value = resolveVariable(piece, context);
      if (value === undefined) return undefined;
      key += `${value}\u0000`;
    }
    let hit = this.cache.get(key);
    if (hit === undefined) {
      const tokens: WildToken[] = [];
      for (const piece of this.pieces) {
        if (piece.kind === 'tokens') tokens.push(...piece.tokens);
        else tokens.push(resolveVariable(piece, context)!);
      }
      hit = this.build(tokens);
      if (this.cache.size >= 256) this.cache.clear();
      this.cache.set(key, hit);
    }
    return hit;
  }
}
