/**
 * Matching ARNs against the reference's ARN formats, e.g.
 * `arn:${Partition}:iam::${Account}:user/${UserNameWithPath}`.
 *
 * AWS: reference_identifiers (IAM ARNs) and the service authorization reference's resource type
 * tables — a placeholder stands for one or more characters; in the five colon-separated parts before
 * the resource it never spans a colon. In the resource part a placeholder never spans `/`, except the
 * last one when it follows a `/` (`user/${UserNameWithPath}`, `${BucketName}/${ObjectName}`).
 */

/** True when an ARN fits the format. */
export type ArnFormatMatcher = (arn: string) => boolean;

const PLACEHOLDER = /\$\{[^}]*\}/g;

/** Compiles an ARN format into a matcher. */
export function compileArnFormat(format: string): ArnFormatMatcher {
  const parts = format.split(':');
  const head = parts.slice(0, 5).map((p) => toPattern(p, () => '[^:]+'));
  const resourceText = parts.slice(5).join(':');
  const placeholders = [...resourceText.matchAll(PLACEHOLDER)];
  const last = placeholders[placeholders.length - 1];
  const lastSpans = last !== undefined && last.index > 0 && resourceText[last.index - 1] === '/';
  const resource = toPattern(resourceText, (index) => (lastSpans && index === last!.index ? '.+' : '[^/]+'));
  const regex = new RegExp(`^${[...head, resource].join(':')}$`);
  return (arn) => regex.test(arn);
}

function toPattern(text: string, placeholder: (index: number) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    out += escapeRegExp(text.slice(last, m.index)) + placeholder(m.index);
    last = m.index + m[0].length;
  }
  return out + escapeRegExp(text.slice(last));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
