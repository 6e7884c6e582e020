import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';

/**
 * Where trails deliver: a trail's S3 bucket name maps to `<dataDir>/trails/<bucket>/`, and each
 * file's S3 object key to a path below it, named as CloudTrail names its objects.
 *
 * AWS: "CloudTrail log file name format" —
 * `AccountID_CloudTrail_RegionName_YYYYMMDDTHHmmZ_UniqueString.FileNameFormat` under
 * `bucket/prefix/AWSLogs/AccountID/CloudTrail/Region/YYYY/MM/DD/`, UniqueString 16 random
 * alphanumerics; digest files under `…/CloudTrail-Digest/Region/…` named
 * `AccountID_CloudTrail-Digest_Region_TrailName_Region_YYYYMMDDTHHmmssZ.json.gz`
 * (cloudtrail-log-file-validation-digest-file-structure).
 */

/** The directory holding a bucket's objects. */
export function bucketDir(dataDir: string, bucket: string): string {
  return join(dataDir, 'trails', bucket);
}

/** The file of one object key in a bucket. */
export function objectPath(dataDir: string, bucket: string, key: string): string {
  return join(bucketDir(dataDir, bucket), ...key.split('/'));
}

/** The object key of a path below a bucket's directory. */
export function objectKey(dataDir: string, bucket: string, path: string): string {
  return path
    .slice(bucketDir(dataDir, bucket).length + 1)
    .split(sep)
    .join('/');
}

/** `2015-08-17T14:01:31Z`: CloudTrail's timestamps, to the second. */
export function isoSecond(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function datePath(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}`;
}

function compact(date: Date, seconds: boolean): string {
  const s = isoSecond(date).replace(/[-:]/g, '');
  return seconds ? s : `${s.slice(0, 13)}Z`;
}

function prefixed(prefix: string | null, rest: string): string {
  return prefix === null || prefix === '' ? rest : `${prefix.replace(/\/+$/, '')}/${rest}`;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function uniqueString(): string {
  return [...randomBytes(16)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

/**
 * An account's folder below `AWSLogs/`: the account ID, or for an organization trail
 * `O-ID/account ID` (AWS: "For organization trails, the bucket location also includes the
 * organization unit ID").
 */
function accountFolder(account: string, organizationId: string | null | undefined): string {
  return organizationId === null || organizationId === undefined ? account : `${organizationId}/${account}`;
}

/** The object key of a log file of `account`'s records delivered at `at`. */
export function logFileKey(prefix: string | null, account: string, region: string, at: Date, organizationId?: string | null): string {
  const file = `${account}_CloudTrail_${region}_${compact(at, false)}_${uniqueString()}.json.gz`;
  return prefixed(prefix, `AWSLogs/${accountFolder(account, organizationId)}/CloudTrail/${region}/${datePath(at)}/${file}`);
}

/** The object key of `account`'s digest file whose period ends at `end`. */
export function digestFileKey(prefix: string | null, account: string, region: string, trail: string, end: Date, organizationId?: string | null): string {
  const file = `${account}_CloudTrail-Digest_${region}_${trail}_${region}_${compact(end, true)}.json.gz`;
  return prefixed(prefix, `AWSLogs/${accountFolder(account, organizationId)}/CloudTrail-Digest/${region}/${datePath(end)}/${file}`);
}

/** The folder below a bucket holding an organization trail's account folders (`AWSLogs/O-ID`). */
export function organizationFolder(prefix: string | null, organizationId: string): string {
  return prefixed(prefix, `AWSLogs/${organizationId}`);
}

/** The folders below a bucket holding an account's log files and digest files of a trail. */
export function trailFolders(prefix: string | null, account: string, region: string, organizationId?: string | null): { logs: string; digests: string } {
  const folder = accountFolder(account, organizationId);
  return { logs: prefixed(prefix, `AWSLogs/${folder}/CloudTrail/${region}`), digests: prefixed(prefix, `AWSLogs/${folder}/CloudTrail-Digest/${region}`) };
}

/**
 * Gatehouse's stand-in for the digest object's S3 metadata (`x-amz-meta-signature`): the hex
 * signature in a file beside the digest, named `<digest>.json.gz.sig`.
 */
export function signaturePath(digestPath: string): string {
  return `${digestPath}.sig`;
}

/** Writes a file whole or not at all (temporary file, then rename). */
export async function writeAtomically(path: string, data: Buffer | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.partial`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}
