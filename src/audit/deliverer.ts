import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Logger } from 'pino';
import type { Store, TrailRecord } from '../store/index.js';
import { sha256Hex } from '../crypto.js';
import { signDigest } from './digest.js';
import type { DigestFile } from './digest.js';
import { pruneAudit } from './retention.js';
import { trailSelects } from './selectors.js';
import type { AuditSettings } from './settings.js';
import { currentSigningKey } from '../store/index.js';
import { digestFileKey, isoSecond, logFileKey, objectPath, signaturePath, writeAtomically } from './trailFiles.js';

const LEASE = 'audit-delivery';
const BATCH = 1000;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Delivers every logging trail's new records as gzip'd `{"Records":[…]}` log files and, for
 * trails with log file validation, a signed digest each period. Runs every
 * `deliveryIntervalMs` on the node holding the delivery lease (one node of a shared PostgreSQL
 * deployment); the same node prunes records past the retention period hourly.
 *
 * A log file is written (atomically) before its delivery is committed: a crash in between leaves
 * an extra file and delivers its records again, never loses them.
 */
export class TrailDeliverer {
  readonly #store: Store;
  readonly #dataDir: string;
  readonly #settings: AuditSettings;
  readonly #logger: Logger;
  readonly #clock: () => Date;
  readonly #holder = randomUUID();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();
  #lastPrune = 0;

  constructor(store: Store, dataDir: string, settings: AuditSettings, logger: Logger, clock: () => Date = () => new Date()) {
    this.#store = store;
    this.#dataDir = dataDir;
    this.#settings = settings;
    this.#logger = logger;
    this.#clock = clock;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => void this.#serialized(() => this.#tick()), this.#settings.deliveryIntervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running.catch(() => undefined);
    await this.#store.transaction((tx) => tx.auditLeases.release(LEASE, this.#holder)).catch(() => undefined);
  }

  /** Delivers every logging trail's pending records now. */
  deliverNow(): Promise<void> {
    return this.#serialized(async () => {
      for (const trail of await this.#store.trails.list()) if (trail.isLogging) await this.#deliver(trail, this.#clock());
    });
  }

  /** Writes every validating trail's digest now, its period ending at `end` (default: now). */
  digestNow(end?: Date): Promise<void> {
    return this.#serialized(async () => {
      for (const trail of await this.#store.trails.list()) if (trail.isLogging) await this.#digest(trail, end ?? this.#clock());
    });
  }

  /** Prunes records past the retention period now; returns how many. */
  pruneNow(now?: Date): Promise<number> {
    return this.#serialized(() => pruneAudit(this.#store, now ?? this.#clock(), this.#settings.retentionDays));
  }

  #serialized<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#running.catch(() => undefined).then(fn);
    this.#running = next;
    return next;
  }

  async #tick(): Promise<void> {
    const now = this.#clock();
    try {
      const expires = new Date(now.getTime() + 3 * this.#settings.deliveryIntervalMs).toISOString();
      const leader = await this.#store.transaction((tx) => tx.auditLeases.acquire(LEASE, this.#holder, now.toISOString(), expires));
      if (!leader) return;
      for (const trail of await this.#store.trails.list()) {
        if (!trail.isLogging) continue;
        await this.#deliver(trail, now);
        const start = trail.digestStartTime === null ? undefined : Date.parse(trail.digestStartTime);
        if (trail.logFileValidationEnabled && start !== undefined && now.getTime() - start >= this.#settings.digestIntervalMs) {
          const fresh = await this.#store.trails.get(trail.accountId, trail.name);
          if (fresh !== undefined) await this.#digest(fresh, now);
        }
      }
      if (now.getTime() - this.#lastPrune >= PRUNE_EVERY_MS) {
        this.#lastPrune = now.getTime();
        const pruned = await pruneAudit(this.#store, now, this.#settings.retentionDays);
        if (pruned > 0) this.#logger.info({ pruned, retentionDays: this.#settings.retentionDays }, 'pruned audit records past retention');
      }
    } catch (err) {
      this.#logger.error({ err }, 'audit delivery failed');
    }
  }

  async #deliver(trail: TrailRecord, now: Date): Promise<void> {
    let cursor = trail.cursorSeq;
    for (;;) {
      const rows = await this.#store.trails.pendingRecords(trail.accountId, cursor, BATCH);
      if (rows.length === 0) return;
      const last = rows[rows.length - 1]!.seq;
      const selected = rows.filter((r) => trailSelects(trail, r));
      if (selected.length === 0) {
        await this.#store.transaction((tx) => tx.trails.update(trail.accountId, trail.name, { cursorSeq: last }));
      } else {
        const key = logFileKey(trail.s3KeyPrefix, trail.accountId, trail.homeRegion, now);
        const content = `{"Records":[${selected.map((r) => r.record).join(',')}]}`;
        try {
          await writeAtomically(objectPath(this.#dataDir, trail.s3BucketName, key), gzipSync(content));
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          await this.#store.transaction((tx) => tx.trails.update(trail.accountId, trail.name, { latestDeliveryError: message }));
          throw err;
        }
        const times = selected.map((r) => r.eventTime).sort();
        await this.#store.transaction(async (tx) => {
          await tx.trails.addLogFile(trail.accountId, trail.name, {
            s3Object: key, firstSeq: selected[0]!.seq, hash: sha256Hex(content), oldestEventTime: times[0]!, newestEventTime: times[times.length - 1]!, deliveredAt: now.toISOString(),
          });
          await tx.trails.update(trail.accountId, trail.name, { cursorSeq: last, latestDeliveryTime: now.toISOString(), latestDeliveryError: null });
        });
      }
      cursor = last;
      if (rows.length < BATCH) return;
    }
  }

  async #digest(trail: TrailRecord, end: Date): Promise<void> {
    if (!trail.logFileValidationEnabled || trail.digestStartTime === null) return;
    const endText = isoSecond(end);
    if (endText <= isoSecond(new Date(trail.digestStartTime))) return;
    const key = await currentSigningKey(this.#store, trail.accountId, end);
    const files = await this.#store.trails.undigested(trail.accountId, trail.name);
    const digestKey = digestFileKey(trail.s3KeyPrefix, trail.accountId, trail.homeRegion, trail.name, end);
    const newest = files.map((f) => f.newestEventTime).sort().pop() ?? null;
    const oldest = files.map((f) => f.oldestEventTime).sort()[0] ?? null;
    const digest: DigestFile = {
      awsAccountId: trail.accountId,
      digestStartTime: isoSecond(new Date(trail.digestStartTime)),
      digestEndTime: endText,
      digestS3Bucket: trail.s3BucketName,
      digestS3Object: digestKey,
      digestPublicKeyFingerprint: key.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: newest,
      oldestEventTime: oldest,
      previousDigestS3Bucket: trail.lastDigestObject === null ? null : trail.s3BucketName,
      previousDigestS3Object: trail.lastDigestObject,
      previousDigestHashValue: trail.lastDigestHash,
      previousDigestHashAlgorithm: trail.lastDigestHash === null ? null : 'SHA-256',
      previousDigestSignature: trail.lastDigestSignature,
      logFiles: files.map((f) => ({
        s3Bucket: trail.s3BucketName, s3Object: f.s3Object, hashValue: f.hash, hashAlgorithm: 'SHA-256', newestEventTime: f.newestEventTime, oldestEventTime: f.oldestEventTime,
      })),
    };
    const content = JSON.stringify(digest);
    const signature = signDigest(digest, content, key.privateKeyPem);
    const path = objectPath(this.#dataDir, trail.s3BucketName, digestKey);
    await writeAtomically(signaturePath(path), signature);
    await writeAtomically(path, gzipSync(content));
    await this.#store.transaction(async (tx) => {
      await tx.trails.markDigested(trail.accountId, trail.name, files.map((f) => f.s3Object));
      await tx.trails.update(trail.accountId, trail.name, {
        digestStartTime: end.toISOString(), latestDigestTime: this.#clock().toISOString(),
        lastDigestObject: digestKey, lastDigestHash: sha256Hex(content), lastDigestSignature: signature,
      });
    });
  }
}
