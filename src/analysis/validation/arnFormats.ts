import { compileArnFormat, type ArnFormatMatcher } from '../../catalog/index.js';

const compiled = new Map<string, ArnFormatMatcher>();

/**
 * Whether an ARN as written in a policy (it may hold `*`, `?` and `${…}` variables) can name a
 * resource of the ARN format `format` (`arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`).
 * A literal ARN must fit the format; a pattern fits when a probe with each wildcard replaced fits,
 * or when the text before its first `*` can start an ARN of the format.
 */
export function arnFitsFormat(arn: string, format: string): boolean {
  let match = compiled.get(format);
  if (match === undefined) {
    match = compileArnFormat(format);
    compiled.set(format, match);
  }
  const probe = arn.replace(/\$\{[^}]*\}/g, 'x').replace(/[*?]/g, 'x');
  if (match(probe)) return true;
  const star = arn.search(/\*|\$\{/);
  return star >= 0 && canStart(arn.slice(0, star).replace(/\?/g, 'x'), format);
}

/**
 * Whether `prefix` can begin a string of the format: literal characters must agree; a placeholder
 * takes characters up to the format's next literal character (or anything, when it ends the format).
 */
function canStart(prefix: string, format: string): boolean {
  let i = 0;
  let f = 0;
  while (i < prefix.length && f < format.length) {
    if (format.startsWith('${', f)) {
      const close = format.indexOf('}', f);
      const next = format[close + 1];
      if (next === undefined) return true;
      while (i < prefix.length && prefix[i] !== next) i++;
      f = close + 1;
      continue;
    }
    if (prefix[i] !== format[f]) return false;
    i++;
    f++;
  }
  return i >= prefix.length;
}
