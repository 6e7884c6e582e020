import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { KeyObject } from 'node:crypto';
import type { Store, TrailRecord } from '../store/index.js';
import { sha256Hex } from '../crypto.js';
import { verifyDigest } from './digest.js';
import type { DigestFile } from './digest.js';
import { publicKeyObject } from '../store/index.js';
import { bucketDir, objectKey, objectPath, organizationFolder, signaturePath, trailFolders } from './trailFiles.js';
import type { Finding } from './verifyRecords.js';

interface LoadedDigest {
  readonly key: string;
  readonly digest: DigestFile;
  readonly content: Buffer;
  readonly signature: string | undefined;
}

async function filesBelow(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function gunzip(data: Buffer): Buffer | undefined {
  try {
    return gunzipSync(data);
  } catch {
    return undefined;
  }
}

/**
 * Validates one trail's delivered files as the AWS CLI's `validate-logs` does: each digest's
 * signature (with the account's public key named by its fingerprint), the digest chain (each
 * digest names the previous one's object, hash and signature), and the SHA-256 of every log
 * file a digest lists. A log file whose content is another listed file's is REORDERED; a log file
 * in the trail's folders that no digest lists and that was not delivered after the last digest
 * is INSERTED. `start`/`end` limit the check to digests whose period ends in the range.
 */
export async function verifyTrail(
  store: Store,
  dataDir: string,
  trail: TrailRecord,
  range: { start?: string; end?: string } = {},
): Promise<{ findings: Finding[]; digests: number; logFiles: number }> {
  const keys = new Map<string, KeyObject>();
  for (const k of await store.auditSigningKeys.list(trail.accountId)) keys.set(k.fingerprint, publicKeyObject(k.publicKeyDer));
  if (trail.organizationId === null) {
    const pending = await store.trails.undigested(trail.accountId, trail.name);
    return verifyChain(dataDir, trail, { account: trail.accountId, head: trail.lastDigestObject, pending }, keys, range);
  }
  // An organization trail: one digest chain per account, each in the account's folder below the
  // organization's (accounts that left keep theirs), all signed with the trail owner's key.
  const chains = await store.trails.digestChains(trail.accountId, trail.name);
  const orgDir = join(bucketDir(dataDir, trail.s3BucketName), ...organizationFolder(trail.s3KeyPrefix, trail.organizationId).split('/'));
  const folders = existsSync(orgDir) ? (await readdir(orgDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name) : [];
  const total = { findings: [] as Finding[], digests: 0, logFiles: 0 };
  for (const account of [...new Set([...chains.keys(), ...folders])].sort()) {
    const pending = await store.trails.undigested(trail.accountId, trail.name, account);
    const result = await verifyChain(dataDir, trail, { account, head: chains.get(account)?.lastDigestObject ?? null, pending }, keys, range);
    total.findings.push(...result.findings);
    total.digests += result.digests;
    total.logFiles += result.logFiles;
  }
  return total;
}

/**
 * One account's chain of a trail: its digests (signature, chain links, listed log files), the log
 * files in its folder that no digest lists, and its delivered files not yet in a digest.
 */
async function verifyChain(
  dataDir: string,
  trail: TrailRecord,
  chain: { account: string; head: string | null; pending: readonly { s3Object: string; hash: string }[] },
  keys: ReadonlyMap<string, KeyObject>,
  range: { start?: string; end?: string },
): Promise<{ findings: Finding[]; digests: number; logFiles: number }> {
  const findings: Finding[] = [];
  const root = bucketDir(dataDir, trail.s3BucketName);
  const folders = trailFolders(trail.s3KeyPrefix, chain.account, trail.homeRegion, trail.organizationId);
  const marker = `_CloudTrail-Digest_${trail.homeRegion}_${trail.name}_${trail.homeRegion}_`;

  const digests: LoadedDigest[] = [];
  for (const path of await filesBelow(join(root, ...folders.digests.split('/')))) {
    if (!path.endsWith('.json.gz') || !path.includes(marker)) continue;
    const key = objectKey(dataDir, trail.s3BucketName, path);
    const content = gunzip(await readFile(path));
    let digest: DigestFile | undefined;
    try {
      digest = content === undefined ? undefined : (JSON.parse(content.toString('utf8')) as DigestFile);
    } catch {
      digest = undefined;
    }
    if (content === undefined || digest === undefined) {
      findings.push({ kind: 'MODIFIED', subject: 'digest file', name: path, detail: 'it is not a readable gzip JSON digest' });
      continue;
    }
    const sigPath = signaturePath(path);
    const signature = existsSync(sigPath) ? (await readFile(sigPath, 'utf8')).trim() : undefined;
    digests.push({ key, digest, content, signature });
  }
  digests.sort((a, b) => a.digest.digestEndTime.localeCompare(b.digest.digestEndTime));
  const byKey = new Map(digests.map((d) => [d.key, d]));
  const inRange = (d: LoadedDigest) =>
    (range.start === undefined || d.digest.digestEndTime >= range.start) && (range.end === undefined || d.digest.digestEndTime <= range.end);

  const checked = digests.filter(inRange);
  for (const d of checked) {
    const path = objectPath(dataDir, trail.s3BucketName, d.key);
    const key = keys.get(d.digest.digestPublicKeyFingerprint);
    if (d.digest.digestS3Object !== d.key || d.signature === undefined || key === undefined || !verifyDigest(d.digest, d.content, d.signature, key)) {
      findings.push({ kind: 'MODIFIED', subject: 'digest file', name: path, detail: 'its signature does not verify' });
    }
    const previous = d.digest.previousDigestS3Object;
    if (previous === null) continue;
    const before = byKey.get(previous);
    const previousPath = objectPath(dataDir, trail.s3BucketName, previous);
    if (before === undefined) {
      if (range.start === undefined || !existsSync(previousPath))
        findings.push({ kind: 'DELETED', subject: 'digest file', name: previousPath, detail: `named as previous digest by ${path}` });
    } else if (sha256Hex(before.content) !== d.digest.previousDigestHashValue || before.signature !== d.digest.previousDigestSignature) {
      findings.push({ kind: 'MODIFIED', subject: 'digest file', name: previousPath, detail: `its hash or signature differs from what ${path} recorded` });
    }
  }
  if (chain.head !== null && !byKey.has(chain.head)) {
    const newest = objectPath(dataDir, trail.s3BucketName, chain.head);
    if (range.end === undefined) findings.push({ kind: 'DELETED', subject: 'digest file', name: newest, detail: "the trail's latest digest is missing" });
  }

  const listed = new Map<string, string>();
  for (const d of digests) for (const f of d.digest.logFiles) listed.set(f.s3Object, f.hashValue);
  const contentOwner = new Map<string, string>();
  for (const [key, hash] of listed) contentOwner.set(hash, key);
  let logFiles = 0;
  for (const d of checked) {
    for (const f of d.digest.logFiles) {
      logFiles += 1;
      const path = objectPath(dataDir, trail.s3BucketName, f.s3Object);
      if (!existsSync(path)) {
        findings.push({ kind: 'DELETED', subject: 'log file', name: path, detail: `listed in digest ${d.key}` });
        continue;
      }
      const content = gunzip(await readFile(path));
      const hash = content === undefined ? '' : sha256Hex(content);
      if (hash === f.hashValue) continue;
      const owner = contentOwner.get(hash);
      if (owner !== undefined && owner !== f.s3Object) {
        findings.push({
          kind: 'REORDERED',
          subject: 'log file',
          name: path,
          detail: `it holds the content delivered as ${objectPath(dataDir, trail.s3BucketName, owner)}`,
        });
      } else {
        findings.push({ kind: 'MODIFIED', subject: 'log file', name: path, detail: 'its SHA-256 differs from its digest' });
      }
    }
  }

  const pending = new Map(chain.pending.map((f) => [f.s3Object, f.hash]));
  const periodOf = (key: string) => /_(\d{8}T\d{4})Z_/.exec(key)?.[1];
  const compactRange = (iso: string | undefined) => iso?.replace(/[-:]/g, '').slice(0, 13);
  for (const path of await filesBelow(join(root, ...folders.logs.split('/')))) {
    if (!path.endsWith('.json.gz')) continue;
    const key = objectKey(dataDir, trail.s3BucketName, path);
    if (!key.includes(`${chain.account}_CloudTrail_${trail.homeRegion}_`) || listed.has(key)) continue;
    const period = periodOf(key) ?? '';
    const start = compactRange(range.start);
    const end = compactRange(range.end);
    if ((start !== undefined && period < start) || (end !== undefined && period > end)) continue;
    const expected = pending.get(key);
    if (expected !== undefined) {
      const content = gunzip(await readFile(path));
      if (content !== undefined && sha256Hex(content) === expected) continue;
      findings.push({ kind: 'MODIFIED', subject: 'log file', name: path, detail: 'its SHA-256 differs from its delivery (not yet in a digest)' });
      continue;
    }
    findings.push({ kind: 'INSERTED', subject: 'log file', name: path, detail: 'no digest lists it and the trail did not deliver it' });
  }
  if (range.start === undefined && range.end === undefined) {
    for (const key of pending.keys()) {
      const path = objectPath(dataDir, trail.s3BucketName, key);
      if (!existsSync(path)) findings.push({ kind: 'DELETED', subject: 'log file', name: path, detail: 'delivered by the trail (not yet in a digest)' });
    }
  }
  return { findings, digests: checked.length, logFiles };
}
