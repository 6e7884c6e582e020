import { ONE, STAR, compileRange, escapeRegExp, regexSafe, type StringMatcher, type WildToken } from './wildcard.js';

/**
 * ARN matching, segment by segment.
 *
 * AWS: reference_policies_elements_condition_operators (ARN operators) — "each of the six
 * colon-delimited components of the ARN is checked separately and each can include multi-character
 * match wildcards (*) or single-character match wildcards (?)"; the sixth component is the resource
 * part, which may itself contain colons. The same rule is applied to the Resource element.
 *
 * A pattern compiles to one test of the whole ARN string, without splitting the ARN: a regular
 * expression, or for a resource part whose regular expression could backtrack far, a wildcard
 * match of each component in place.
 */

/** Splits pattern tokens into six segments at the first five literal colons, or undefined. */
export function splitArnTokens(tokens: readonly WildToken[]): WildToken[][] | undefined {
  const segments: WildToken[][] = [[]];
  for (const token of tokens) {
    if (typeof token !== 'string' || segments.length === 6) {
      segments[segments.length - 1]!.push(token);
      continue;
    }
    let rest = token;
    let colon = rest.indexOf(':');
    while (colon >= 0 && segments.length < 6) {
      if (colon > 0) segments[segments.length - 1]!.push(rest.slice(0, colon));
      segments.push([]);
      rest = rest.slice(colon + 1);
      colon = rest.indexOf(':');
    }
    if (rest) segments[segments.length - 1]!.push(rest);
  }
  return segments.length === 6 ? segments : undefined;
}

const never: StringMatcher = () => false;

/** True when the text has the six components of an ARN. */
export function isArn(text: string): boolean {
  if (!text.startsWith('arn:')) return false;
  let at = 3;
  for (let n = 0; n < 4; n++) {
    at = text.indexOf(':', at + 1);
    if (at < 0) return false;
  }
  return true;
}

/**
 * Compiles an ARN pattern into a test of whole ARN strings. A pattern that is not six components
 * long matches no ARN (a decision: AWS checks the six components separately, so a short pattern
 * has nothing to check them against).
 */
export function compileArnTokens(tokens: readonly WildToken[]): StringMatcher {
  // A lone `*` stands for every ARN (a decision: it is the usual way to write "any ARN").
  if (tokens.length === 1 && tokens[0] === STAR) return isArn;
  const segments = splitArnTokens(tokens);
  if (segments === undefined) return never;
  const head = segments.slice(0, 5);
  const headLiteral = head.every((s) => s.every((t) => typeof t === 'string'));
  const resource = segments[5]!;
  if (headLiteral) {
    // The first five components are literal, so they are a prefix of every matching ARN.
    const prefix = `${head.map((seg) => seg.join('')).join(':')}:`;
    if (resource.length === 0) return (arn) => arn === prefix;
    if (resource.length === 1 && resource[0] === STAR) return (arn) => arn.startsWith(prefix);
    if (resource.every((t) => typeof t === 'string')) {
      const whole = prefix + resource.join('');
      return (arn) => arn === whole;
    }
    if (resource.length === 2 && typeof resource[0] === 'string' && resource[1] === STAR) {
      const start = prefix + resource[0];
      return (arn) => arn.startsWith(start);
    }
  }
  if (regexSafe(resource)) {
    // One regular expression of the whole ARN, in which a wildcard of the first five components
    // never matches a colon (each of those can end only at its colon, so it never backtracks far).
    let source = '^';
    segments.forEach((segment, i) => {
      if (i > 0) source += ':';
      const anyChar = i < 5 ? '[^:]' : '[^]';
      for (const t of segment) source += t === STAR ? `${anyChar}*` : t === ONE ? anyChar : escapeRegExp(t);
    });
    const re = new RegExp(`${source}$`);
    return (arn) => re.test(arn);
  }
  // Otherwise each component is matched on its own, in place, with the wildcard matcher, whose
  // time stays linear in the pattern.
  const resourceMatch = compileRange(resource);
  if (headLiteral) {
    const prefix = `${head.map((seg) => seg.join('')).join(':')}:`;
    return (arn) => arn.startsWith(prefix) && resourceMatch(arn, prefix.length, arn.length);
  }
  const headMatches = head.map((segment) => compileRange(segment));
  return (arn) => {
    let start = 0;
    for (const match of headMatches) {
      const colon = arn.indexOf(':', start);
      if (colon < 0 || !match(arn, start, colon)) return false;
      start = colon + 1;
    }
    return resourceMatch(arn, start, arn.length);
  };
}
