import { compileArnTokens } from './arn.js';
import type { OperatorSpec } from './conditionOperators.js';
import type { ContextEntry, ContextValues } from './context.js';
import { cidrContains, parseCidr, parseIp } from './ip.js';
import { hasVariables, parseTemplate, resolveText, TemplateMatcher, type TemplatePart } from './variables.js';
import { compileTokens, tokenize, type StringMatcher } from './wildcard.js';

/** The outcome of testing one request value against one policy value. */
export const Outcome = {
  NoMatch: 0,
  Match: 1,
  /** The request value is not of the operator's type (e.g. `abc` for a Numeric operator). */
  BadContext: 2,
  /** A policy variable in the policy value could not be resolved and has no default. */
  Unresolved: 3,
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** Tests element `index` of a context entry against one compiled policy value. */
export type ValueTest = (entry: ContextEntry, index: number, context: ContextValues) => Outcome;

/** A policy value that is not of the operator's type. */
export interface ValueError {
  readonly error: string;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const EPOCH = /^-?\d+(?:\.\d+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Parses a number; undefined when the text is not one. */
export function parseNumber(text: string): number | undefined {
  return NUMBER.test(text.trim()) ? Number(text) : undefined;
}

/**
 * Parses a date to epoch milliseconds. AWS: reference_policies_elements_condition_operators (Date)
 * accepts "ISO 8601 date formats" and "epoch (UNIX) time" (seconds). A date-time without a zone is
 * read as UTC (a decision).
 */
export function parseDate(text: string): number | undefined {
  const fast = parseUtcSeconds(text);
  if (fast !== undefined) return fast;
  if (EPOCH.test(text)) return Number(text) * 1000;
  const m = ISO_DATE.exec(text);
  if (m === null || !isCalendarDate(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10))) return undefined;
  let iso = text;
  if (text.includes('T') && m[1] === undefined) iso += 'Z';
  else if (m[1] !== undefined && m[1] !== 'Z' && !m[1].includes(':')) iso = `${text.slice(0, -2)}:${text.slice(-2)}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `YYYY-MM-DDTHH:MM:SSZ`, the form of aws:CurrentTime, read without a regular expression. */
function parseUtcSeconds(text: string): number | undefined {
  if (text.length !== 20 || text.charCodeAt(19) !== 90 || text.charCodeAt(10) !== 84) return undefined;
  if (text[4] !== '-' || text[7] !== '-' || text[13] !== ':' || text[16] !== ':') return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const hour = digits(text, 11, 13);
  const minute = digits(text, 14, 16);
  const second = digits(text, 17, 19);
  if (!(isCalendarDate(year, month, day) && hour <= 23 && minute <= 59 && second <= 59)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!(month >= 1 && month <= 12 && day >= 1)) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

/** The decimal number in `text[from, to)`, or NaN when a character is not a digit. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    value = value * 10 + c;
  }
  return value;
}

/** Parses `true`/`false` in any case. */
export function parseBool(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** Decodes base64 to a byte string; undefined when malformed. */
export function parseBinary(text: string): string | undefined {
  return BASE64.test(text) ? Buffer.from(text, 'base64').toString('latin1') : undefined;
}

const lower = (s: string): string => s.toLowerCase();

/**
 * Compiles one policy value for an operator (Null is handled by the condition itself). Returns a
 * {@link ValueError} when the policy value is not of the operator's type.
 */
export function compileValue(spec: OperatorSpec, raw: string, variablesEnabled: boolean): ValueTest | ValueError {
  const template = spec.variables && variablesEnabled && hasVariables(raw) ? parseTemplate(raw) : undefined;
  switch (spec.type) {
    case 'String':
      return compileString(spec, raw, template);
    case 'Arn':
      return compileArn(raw, template);
    case 'Numeric':
      return compileOrdered(spec, parseNumber(raw), 'Numeric', parseNumber, raw);
    case 'Date':
      return compileOrdered(spec, parseDate(raw), 'Date', parseDate, raw);
    case 'Bool': {
      const want = parseBool(raw);
      if (want === undefined) return { error: `\`${raw}\` is not a boolean value for \`${spec.name}\`` };
      return (entry, i) => {
        const got = entry.parsedAs('Bool', parseBool)[i];
        return got === undefined ? Outcome.BadContext : got === want ? Outcome.Match : Outcome.NoMatch;
      };
    }
    case 'Binary': {
      const want = parseBinary(raw);
      if (want === undefined) return { error: `\`${raw}\` is not base64 for \`${spec.name}\`` };
      return (entry, i) => {
        const got = entry.parsedAs('Binary', parseBinary)[i];
        return got === undefined ? Outcome.BadContext : got === want ? Outcome.Match : Outcome.NoMatch;
      };
    }
    case 'IpAddress': {
      const block = parseCidr(raw);
      if (block === undefined) return { error: `\`${raw}\` is not an IP address or CIDR block for \`${spec.name}\`` };
      return (entry, i) => {
        const got = entry.parsedAs('IpAddress', parseIp)[i];
        return got === undefined ? Outcome.BadContext : cidrContains(block, got) ? Outcome.Match : Outcome.NoMatch;
      };
    }
    case 'Null':
      return { error: 'Null values are not compiled as values' };
  }
}

function compileString(spec: OperatorSpec, raw: string, template: TemplatePart[] | undefined): ValueTest {
  if (spec.wildcards) {
    if (template === undefined) {
      const match = compileTokens(tokenize(raw));
      return (entry, i) => (match(entry.values[i]!) ? Outcome.Match : Outcome.NoMatch);
    }
    const matchers = new TemplateMatcher<StringMatcher>(template, (tokens) => compileTokens(tokens));
    return (entry, i, context) => {
      const match = matchers.get(context);
      if (match === undefined) return Outcome.Unresolved;
      return match(entry.values[i]!) ? Outcome.Match : Outcome.NoMatch;
    };
  }
  if (spec.ignoreCase) {
    const want = raw.toLowerCase();
    if (template === undefined) {
      return (entry, i) => (entry.parsedAs('lower', lower)[i] === want ? Outcome.Match : Outcome.NoMatch);
    }
    return (entry, i, context) => {
      const text = resolveText(template, context);
      if (text === undefined) return Outcome.Unresolved;
      return entry.parsedAs('lower', lower)[i] === text.toLowerCase() ? Outcome.Match : Outcome.NoMatch;
    };
  }
  if (template === undefined) return (entry, i) => (entry.values[i] === raw ? Outcome.Match : Outcome.NoMatch);
  return (entry, i, context) => {
    const text = resolveText(template, context);
    if (text === undefined) return Outcome.Unresolved;
    return entry.values[i] === text ? Outcome.Match : Outcome.NoMatch;
  };
}

function compileArn(raw: string, template: TemplatePart[] | undefined): ValueTest {
  if (template === undefined) {
    const match = compileArnTokens(tokenize(raw));
    return (entry, i) => (match(entry.values[i]!) ? Outcome.Match : Outcome.NoMatch);
  }
  const matchers = new TemplateMatcher<StringMatcher>(template, compileArnTokens);
  return (entry, i, context) => {
    const match = matchers.get(context);
    if (match === undefined) return Outcome.Unresolved;
    return match(entry.values[i]!) ? Outcome.Match : Outcome.NoMatch;
  };
}

function compileOrdered(
  spec: OperatorSpec,
  want: number | undefined,
  family: string,
  parse: (s: string) => number | undefined,
  raw: string,
): ValueTest | ValueError {
  if (want === undefined) return { error: `\`${raw}\` is not a ${family.toLowerCase()} value for \`${spec.name}\`` };
  const compare = COMPARE[spec.comparison];
  return (entry, i) => {
    const got = entry.parsedAs(family, parse)[i];
    if (got === undefined) return Outcome.BadContext;
    return compare(got, want) ? Outcome.Match : Outcome.NoMatch;
  };
}

const COMPARE: Readonly<Record<OperatorSpec['comparison'], (got: number, want: number) => boolean>> = {
  eq: (a, b) => a === b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
};
