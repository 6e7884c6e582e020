import { ServiceError } from '../../errors.js';

/** AWS: object keys are at most 1,024 bytes of UTF-8 (S3 User Guide, "Naming Amazon S3 objects"). */
export const MAX_KEY_BYTES = 1024;

/**
 * Checks a general purpose bucket name against S3's rules: 3 to 63 characters of lower-case
 * letters, digits, dots and hyphens, beginning and ending with a letter or digit, no two adjacent
 * dots, not shaped like an IP address, none of the reserved prefixes and suffixes.
 * AWS: S3 User Guide, "General purpose bucket naming rules". Throws InvalidBucketName.
 */
export function checkBucketName(name: string): void {
  const valid =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) &&
    !/^(xn--|sthree-|amzn-s3-demo-)/.test(name) &&
    !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name);
  if (!valid) throw new ServiceError('InvalidBucketName', 'The specified bucket is not valid.', { BucketName: name });
}

/** Checks an object key's length (AWS: KeyTooLongError, "Your key is too long"). */
export function checkKey(key: string): void {
  const size = Buffer.byteLength(key, 'utf8');
  if (size > MAX_KEY_BYTES) throw new ServiceError('KeyTooLongError', 'Your key is too long', { Size: String(size), MaxSizeAllowed: String(MAX_KEY_BYTES) });
}
