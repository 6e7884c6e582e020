/** A date as a person reads it, in their time zone, with the UTC instant in its title. */
export function when(value: Date | string | undefined): string {
  if (value === undefined) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The last part of an ARN's resource (`user/path/alice` → `alice`). */
export function nameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** A policy document as IAM returns it (URL-encoded in IAM's responses) as pretty JSON. */
export function policyText(document: string | undefined): string {
  if (document === undefined) return '';
  let text = document;
  try {
    text = decodeURIComponent(document);
  } catch {
    text = document;
  }
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
