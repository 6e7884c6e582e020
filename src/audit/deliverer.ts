import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Logger } from 'pino';
import type { PendingRecord, Store, TrailDigestChain, TrailLogFile, TrailRecord } from '../store/index.js';
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

  /** The accounts an organization trail logs now (CloudTrail's rules, from the services layer). */
  readonly #organizationAccounts: ((organizationId: string) => Promise<string[]>) | undefined;

  constructor(
    store: Store,
    dataDir: string,
    settings: AuditSettings,
    logger: Logger,
    clock: () => Date = () => new Date(),
    organizationAccounts?: (organizationId: string) => Promise<string[]>,
  ) {
    this.#organizationAccounts = organizationAccounts;
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

  /**
   * The accounts whose records a trail delivers: its own, or for an organization trail those
   * `organizationAccounts` names now (an account that left is no longer logged; one that joined is).
   */
  async #loggedAccounts(trail: TrailRecord): Promise<string[]> {
    if (trail.organizationId === null || this.#organizationAccounts === undefined) return [trail.accountId];
    const accounts = await this.#organizationAccounts(trail.organizationId);
    return accounts.includes(trail.accountId) ? accounts : [trail.accountId, ...accounts];
  }

  /**
   * Delivers the trail's records after its cursor: one log file per batch, or for an organization
   * trail one per account in the batch, under that account's folder (`AWSLogs/O-ID/<account>/…`).
   * The files are written first, then recorded with the cursor in one transaction.
   */
  async #deliver(trail: TrailRecord, now: Date): Promise<void> {
    const accounts = await this.#loggedAccounts(trail);
    let cursor = trail.cursorSeq;
    for (;;) {
      const rows = await this.#store.trails.pendingRecords(accounts, cursor, BATCH);
      if (rows.length === 0) return;
      const last = rows[rows.length - 1]!.seq;
      const byAccount = new Map<string, PendingRecord[]>();
      for (const r of rows) {
        if (!trailSelects(trail, r)) continue;
        const list = byAccount.get(r.accountId);
        if (list === undefined) byAccount.set(r.accountId, [r]);
        else list.push(r);
      }
      const files: (TrailLogFile & { content: string })[] = [];
      for (const [account, selected] of byAccount) {
        const key = logFileKey(trail.s3KeyPrefix, account, trail.homeRegion, now, trail.organizationId);
        const content = `{"Records":[${selected.map((r) => r.record).join(',')}]}`;
        const times = selected.map((r) => r.eventTime).sort();
        files.push({
          s3Object: key,
          firstSeq: selected[0]!.seq,
          hash: sha256Hex(content),
          oldestEventTime: times[0]!,
          newestEventTime: times[times.length - 1]!,
          deliveredAt: now.toISOString(),
          memberAccount: trail.organizationId === null ? null : account,
          content,
        });
      }
      try {
        for (const f of files) await writeAtomically(objectPath(this.#dataDir, trail.s3BucketName, f.s3Object), gzipSync(f.content));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await this.#store.transaction((tx) => tx.trails.update(trail.accountId, trail.name, { latestDeliveryError: message }));
        throw err;
      }
      await this.#store.transaction(async (tx) => {
        for (const { content: _content, ...file } of files) await tx.trails.addLogFile(trail.accountId, trail.name, file);
        const delivered = files.length > 0 ? { latestDeliveryTime: now.toISOString(), latestDeliveryError: null } : {};
        await tx.trails.update(trail.accountId, trail.name, { cursorSeq: last, ...delivered });
      });
      cursor = last;
      if (rows.length < BATCH) return;
    }
  }

  /**
   * Ends the trail's digest period at `end`: one signed digest file listing the log files
   * delivered in it, chained to the previous digest; for an organization trail one per account of
   * the organization, each in that account's folder and chained to that account's previous digest
   * (AWS: CloudTrail-Digest under `AWSLogs/O-ID/<account>/`). All are signed with the trail
   * owner's key.
   */
  async #digest(trail: TrailRecord, end: Date): Promise<void> {
    if (!trail.logFileValidationEnabled || trail.digestStartTime === null) return;
    const endText = isoSecond(end);
    if (endText <= isoSecond(new Date(trail.digestStartTime))) return;
    const key = await currentSigningKey(this.#store, trail.accountId, end);
    if (trail.organizationId === null) {
      const previous =
        trail.lastDigestObject === null
          ? undefined
          : { lastDigestObject: trail.lastDigestObject, lastDigestHash: trail.lastDigestHash!, lastDigestSignature: trail.lastDigestSignature! };
      const files = await this.#store.trails.undigested(trail.accountId, trail.name);
      const written = await this.#writeDigest(trail, trail.accountId, end, key, files, previous);
      await this.#store.transaction(async (tx) => {
        await tx.trails.markDigested(
          trail.accountId,
          trail.name,
          files.map((f) => f.s3Object),
        );
        await tx.trails.update(trail.accountId, trail.name, {
          digestStartTime: end.toISOString(),
          latestDigestTime: this.#clock().toISOString(),
          lastDigestObject: written.lastDigestObject,
          lastDigestHash: written.lastDigestHash,
          lastDigestSignature: written.lastDigestSignature,
        });
      });
      return;
    }
    const chains = await this.#store.trails.digestChains(trail.accountId, trail.name);
    for (const account of await this.#loggedAccounts(trail)) {
      const previous = chains.get(account);
      const files = await this.#store.trails.undigested(trail.accountId, trail.name, account);
      const written = await this.#writeDigest(trail, account, end, key, files, previous);
      await this.#store.transaction(async (tx) => {
        await tx.trails.markDigested(
          trail.accountId,
          trail.name,
          files.map((f) => f.s3Object),
        );
        await tx.trails.setDigestChain(trail.accountId, trail.name, account, written);
      });
    }
    await this.#store.transaction((tx) =>
      tx.trails.update(trail.accountId, trail.name, { digestStartTime: end.toISOString(), latestDigestTime: this.#clock().toISOString() }),
    );
  }

  /** Writes `account`'s digest file of the period ending at `end` (its signature beside it); returns the new head of its chain. */
  async #writeDigest(
    trail: TrailRecord,
    account: string,
    end: Date,
    key: Awaited<ReturnType<typeof currentSigningKey>>,
    files: readonly TrailLogFile[],
    previous: TrailDigestChain | undefined,
  ): Promise<TrailDigestChain> {
    const digestKey = digestFileKey(trail.s3KeyPrefix, account, trail.homeRegion, trail.name, end, trail.organizationId);
    const newest =
      files
        .map((f) => f.newestEventTime)
        .sort()
        .pop() ?? null;
    const oldest = files.map((f) => f.oldestEventTime).sort()[0] ?? null;
    const digest: DigestFile = {
      awsAccountId: account,
      digestStartTime: isoSecond(new Date(trail.digestStartTime!)),
      digestEndTime: isoSecond(end),
      digestS3Bucket: trail.s3BucketName,
      digestS3Object: digestKey,
      digestPublicKeyFingerprint: key.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: newest,
      oldestEventTime: oldest,
      previousDigestS3Bucket: previous === undefined ? null : trail.s3BucketName,
      previousDigestS3Object: previous?.lastDigestObject ?? null,
      previousDigestHashValue: previous?.lastDigestHash ?? null,
      previousDigestHashAlgorithm: previous === undefined ? null : 'SHA-256',
      previousDigestSignature: previous?.lastDigestSignature ?? null,
      logFiles: files.map((f) => ({
        s3Bucket: trail.s3BucketName,
        s3Object: f.s3Object,
        hashValue: f.hash,
        hashAlgorithm: 'SHA-256',
        newestEventTime: f.newestEventTime,
        oldestEventTime: f.oldestEventTime,
      })),
    };
    const content = JSON.stringify(digest);
    const signature = signDigest(digest, content, key.privateKeyPem);
    const path = objectPath(this.#dataDir, trail.s3BucketName, digestKey);
    await writeAtomically(signaturePath(path), signature);
    await writeAtomically(path, gzipSync(content));
    return { lastDigestObject: digestKey, lastDigestHash: sha256Hex(content), lastDigestSignature: signature };
  }
}
