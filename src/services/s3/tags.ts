import { ServiceError } from '../../errors.js';
import type { S3Tag } from '../../store/index.js';

const invalidTag = (message: string): ServiceError => new ServiceError('InvalidTag', message);

/**
 * Checks a tag set: at most `max` tags (10 on an object, 50 on a bucket), keys of 1 to 128 and
 * values of up to 256 characters, no key twice, no `aws:` keys.
 * AWS: S3 User Guide, "Categorizing your storage using tags"; the InvalidTag messages S3 answers.
 */
export function checkTags(tags: readonly S3Tag[], max: number, kind: 'Object' | 'Bucket'): void {
  if (tags.length > max) throw invalidTag(`${kind} tags cannot be greater than ${max}`);
  const seen = new Set<string>();
  for (const tag of tags) {
    if (tag.Key.length === 0 || [...tag.Key].length > 128) throw invalidTag('The TagKey you have provided is too long, max 128');
    if ([...tag.Value].length > 256) throw invalidTag('The TagValue you have provided is too long, max 256');
    if (tag.Key.toLowerCase().startsWith('aws:')) throw invalidTag('Your TagKey cannot be prefixed with aws:');
    if (seen.has(tag.Key)) throw invalidTag('Cannot provide multiple Tags with the same key');
    seen.add(tag.Key);
  }
}

/** The tags of an `x-amz-tagging` header (URL query form, `k1=v1&k2=v2`). */
export function parseTaggingHeader(text: string | undefined): S3Tag[] {
  if (text === undefined || text === '') return [];
  const tags: S3Tag[] = [];
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const decode = (s: string): string => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        throw invalidTag("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.");
      }
    };
    tags.push({ Key: decode(eq < 0 ? pair : pair.slice(0, eq)), Value: eq < 0 ? '' : decode(pair.slice(eq + 1)) });
  }
  return tags;
}
