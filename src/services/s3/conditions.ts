import { ServiceError } from '../../errors.js';
import type { ObjectRecord } from '../../store/index.js';
import { notModified, preconditionFailed } from './s3Errors.js';

/** The conditional headers of a read (or of a copy's source). */
export interface Preconditions {
  readonly ifMatch?: string;
  readonly ifNoneMatch?: string;
  readonly ifModifiedSince?: Date;
  readonly ifUnmodifiedSince?: Date;
}

const etagList = (text: string): string[] => text.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"|"$/g, ''));

function matches(header: string, object: ObjectRecord): boolean {
  const etag = object.etag.replace(/^"|"$/g, '');
  return etagList(header).some((e) => e === '*' || e === etag);
}

/** S3 compares times to the second (Last-Modified has no fraction). */
const seconds = (date: Date | string): number => Math.floor(new Date(date).getTime() / 1000);

/**
 * S3's conditional reads. AWS: S3 API Reference, GetObject / HeadObject — If-Match false is 412,
 * If-Unmodified-Since is ignored when If-Match is present and true; If-None-Match true (the
 * client's copy is current) is 304 Not Modified, If-Modified-Since is ignored when If-None-Match
 * is present. `write`: for a copy's source every failed condition is 412 (CopyObject).
 */
export function checkPreconditions(object: ObjectRecord, conditions: Preconditions, copySource = false): void {
  const modified = seconds(object.lastModified);
  if (conditions.ifMatch !== undefined) {
    if (!matches(conditions.ifMatch, object)) throw preconditionFailed(copySource ? 'x-amz-copy-source-If-Match' : 'If-Match');
  } else if (conditions.ifUnmodifiedSince !== undefined && modified > seconds(conditions.ifUnmodifiedSince)) {
    throw preconditionFailed(copySource ? 'x-amz-copy-source-If-Unmodified-Since' : 'If-Unmodified-Since');
  }
  if (conditions.ifNoneMatch !== undefined) {
    if (matches(conditions.ifNoneMatch, object)) throw copySource ? preconditionFailed('x-amz-copy-source-If-None-Match') : notModified();
  } else if (conditions.ifModifiedSince !== undefined && modified <= seconds(conditions.ifModifiedSince)) {
    throw copySource ? preconditionFailed('x-amz-copy-source-If-Modified-Since') : notModified();
  }
}

/** A byte range, inclusive. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The range a `Range: bytes=…` header asks of an object of `size` bytes: undefined when there is
 * none or it is not one S3 reads (several ranges, another unit: the whole object is answered);
 * InvalidRange (416) when it does not overlap the object.
 * AWS: S3 API Reference, GetObject — "Amazon S3 doesn't support retrieving multiple ranges".
 */
export function requestedRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) throw unsatisfiable(header, size);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
    if (match[2] !== '' && Number(match[2]) < start) return undefined;
  }
  if (start >= size) throw unsatisfiable(header, size);
  return { start, end };
}

function unsatisfiable(header: string, size: number): ServiceError {
  return new ServiceError('InvalidRange', 'The requested range is not satisfiable', { RangeRequested: header, ActualObjectSize: String(size) });
}
