/**
 * AWS: IAM User Guide, "Rules for tagging in IAM and AWS STS": "You cannot create a tag key or
 * value that begins with the text aws:. This tag prefix is reserved for AWS internal use." The
 * rule covers IAM resources, assume-role sessions and federated user sessions. Checked without
 * regard to case, as AWS's own reserved prefixes are (`aws:` condition keys are case-insensitive).
 */
export function hasReservedTagPrefix(text: string): boolean {
  return text.length >= 4 && text.slice(0, 4).toLowerCase() === 'aws:';
}

/** The first tag whose key or value begins with the reserved prefix, if any. */
export function reservedTag<T extends { readonly Key: string; readonly Value: string }>(tags: readonly T[] | undefined): T | undefined {
  return tags?.find((t) => hasReservedTagPrefix(t.Key) || hasReservedTagPrefix(t.Value));
}

/** The message for a tag that uses the reserved prefix. */
export function reservedTagMessage(tag: { readonly Key: string; readonly Value: string }): string {
  const what = hasReservedTagPrefix(tag.Key) ? `key ${tag.Key}` : `value of the tag ${tag.Key}`;
  return `The tag ${what} begins with aws:, a prefix reserved for AWS use. Tag keys and values cannot begin with aws:.`;
}
