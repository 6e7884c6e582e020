import type { RepositoryContext } from './context.js';
import type { TrailsTable } from './auditTables.js';

/** A management-event selector (CloudTrail's `EventSelector`, the members Gatehouse honours). */
export interface TrailEventSelector {
  readonly ReadWriteType?: 'ReadOnly' | 'WriteOnly' | 'All';
  readonly IncludeManagementEvents?: boolean;
  readonly DataResources?: readonly { Type?: string; Values?: string[] }[];
  readonly ExcludeManagementEventSources?: readonly string[];
}

/** A CloudTrail Insights selector (CloudTrail's `InsightSelector`). */
export interface TrailInsightSelector {
  readonly InsightType: 'ApiCallRateInsight' | 'ApiErrorRateInsight';
}

/** A CloudTrail trail as stored, with its delivery cursor and digest chain head. */
export interface TrailRecord {
  readonly accountId: string;
  readonly name: string;
  readonly homeRegion: string;
  readonly s3BucketName: string;
  readonly s3KeyPrefix: string | null;
  readonly includeGlobalServiceEvents: boolean;
  readonly isMultiRegionTrail: boolean;
  readonly logFileValidationEnabled: boolean;
  /** Null until PutEventSelectors: the default selector (all management events). */
  readonly eventSelectors: readonly TrailEventSelector[] | null;
  /** Null while Insights is not enabled (never put, or put with an empty list). */
  readonly insightSelectors: readonly TrailInsightSelector[] | null;
  readonly tags: readonly { Key: string; Value?: string }[];
  readonly isLogging: boolean;
  readonly startLoggingTime: string | null;
  readonly stopLoggingTime: string | null;
  /** The last audit record sequence number this trail has considered for delivery. */
  readonly cursorSeq: number;
  readonly latestDeliveryTime: string | null;
  readonly latestDeliveryError: string | null;
  /** Where the next digest's period starts (the previous digest's end, or when logging started). */
  readonly digestStartTime: string | null;
  readonly latestDigestTime: string | null;
  readonly lastDigestObject: string | null;
  readonly lastDigestHash: string | null;
  readonly lastDigestSignature: string | null;
  readonly createdAt: string;
  /**
   * The organization whose accounts an organization trail logs (AWS: IsOrganizationTrail); null
   * for a trail of its own account. Its digest chains are kept per account (`digestChain`).
   */
  readonly organizationId: string | null;
}

export type TrailPatch = Partial<Omit<TrailRecord, 'accountId' | 'name' | 'homeRegion' | 'createdAt'>>;

/** One delivered log file, as the next digest lists it. */
export interface TrailLogFile {
  readonly s3Object: string;
  /** The seq of the first record in the file (files are listed in this order). */
  readonly firstSeq: number;
  readonly hash: string;
  readonly oldestEventTime: string;
  readonly newestEventTime: string;
  readonly deliveredAt: string;
  /** The account whose records the file holds (an organization trail's); absent or null: the trail's own. */
  readonly memberAccount?: string | null;
}

/** Where one account's digest chain of an organization trail stands: its last digest. */
export interface TrailDigestChain {
  readonly lastDigestObject: string;
  readonly lastDigestHash: string;
  readonly lastDigestSignature: string;
}

export interface TrailsRepository {
  /** Returns false when the account already has a trail of that name. */
  create(trail: TrailRecord): Promise<boolean>;
  get(accountId: string, name: string): Promise<TrailRecord | undefined>;
  /** The account's trails by name; every account's when `accountId` is undefined. */
  list(accountId?: string): Promise<TrailRecord[]>;
  update(accountId: string, name: string, patch: TrailPatch): Promise<void>;
  /** Deletes the trail and its undigested log file list; returns false if there was none. */
  delete(accountId: string, name: string): Promise<boolean>;
  addLogFile(accountId: string, trailName: string, file: TrailLogFile): Promise<void>;
  /** Log files not yet listed in a digest, in delivery order: the trail's own, or (organization trails) one member account's. */
  undigested(accountId: string, trailName: string, memberAccount?: string): Promise<TrailLogFile[]>;
  markDigested(accountId: string, trailName: string, s3Objects: readonly string[]): Promise<void>;
  /** The head (last digest) of each account's chain of an organization trail, by account. */
  digestChains(accountId: string, trailName: string): Promise<Map<string, TrailDigestChain>>;
  setDigestChain(accountId: string, trailName: string, memberAccount: string, chain: TrailDigestChain): Promise<void>;
  /** The audit records of these accounts after `afterSeq`, in chain order, for delivery. */
  pendingRecords(accountIds: readonly string[], afterSeq: number, limit: number): Promise<PendingRecord[]>;
}

/** An audit record as a trail delivers it. */
export interface PendingRecord {
  readonly seq: number;
  /** The account the record belongs to (an organization trail delivers several accounts' records). */
  readonly accountId: string;
  readonly eventTime: string;
  readonly eventSource: string;
  readonly readOnly: boolean;
  readonly record: string;
}

const COLUMNS: Readonly<Record<keyof TrailPatch, keyof TrailsTable>> = {
  s3BucketName: 's3_bucket',
  s3KeyPrefix: 's3_key_prefix',
  includeGlobalServiceEvents: 'include_global',
  isMultiRegionTrail: 'multi_region',
  logFileValidationEnabled: 'log_validation',
  eventSelectors: 'event_selectors',
  insightSelectors: 'insight_selectors',
  tags: 'tags',
  isLogging: 'is_logging',
  startLoggingTime: 'start_logging_time',
  stopLoggingTime: 'stop_logging_time',
  cursorSeq: 'cursor_seq',
  latestDeliveryTime: 'latest_delivery_time',
  latestDeliveryError: 'latest_delivery_error',
  digestStartTime: 'digest_start_time',
  latestDigestTime: 'latest_digest_time',
  lastDigestObject: 'last_digest_object',
  lastDigestHash: 'last_digest_hash',
  lastDigestSignature: 'last_digest_signature',
  organizationId: 'organization_id',
};

function toColumn(key: keyof TrailPatch, value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (key === 'eventSelectors' || key === 'insightSelectors' || key === 'tags') return value === null ? null : JSON.stringify(value);
  return value;
}

function fromRow(r: TrailsTable): TrailRecord {
  return {
    accountId: r.account_id,
    name: r.name,
    homeRegion: r.home_region,
    s3BucketName: r.s3_bucket,
    s3KeyPrefix: r.s3_key_prefix,
    includeGlobalServiceEvents: Number(r.include_global) === 1,
    isMultiRegionTrail: Number(r.multi_region) === 1,
    logFileValidationEnabled: Number(r.log_validation) === 1,
    eventSelectors: r.event_selectors === null ? null : (JSON.parse(r.event_selectors) as TrailEventSelector[]),
    insightSelectors: r.insight_selectors === null ? null : (JSON.parse(r.insight_selectors) as TrailInsightSelector[]),
    tags: JSON.parse(r.tags) as { Key: string; Value?: string }[],
    isLogging: Number(r.is_logging) === 1,
    startLoggingTime: r.start_logging_time,
    stopLoggingTime: r.stop_logging_time,
    cursorSeq: Number(r.cursor_seq),
    latestDeliveryTime: r.latest_delivery_time,
    latestDeliveryError: r.latest_delivery_error,
    digestStartTime: r.digest_start_time,
    latestDigestTime: r.latest_digest_time,
    lastDigestObject: r.last_digest_object,
    lastDigestHash: r.last_digest_hash,
    lastDigestSignature: r.last_digest_signature,
    createdAt: r.created_at,
    organizationId: r.organization_id ?? null,
  };
}

/** Trails and their delivered log files over one database handle. */
export function trailsRepository({ db }: RepositoryContext): TrailsRepository {
  return {
    async create(t) {
      const row: TrailsTable = {
        account_id: t.accountId,
        name: t.name,
        home_region: t.homeRegion,
        created_at: t.createdAt,
        s3_bucket: t.s3BucketName,
        s3_key_prefix: null,
        include_global: 1,
        multi_region: 0,
        log_validation: 0,
        event_selectors: null,
        insight_selectors: null,
        tags: '[]',
        is_logging: 0,
        start_logging_time: null,
        stop_logging_time: null,
        cursor_seq: 0,
        latest_delivery_time: null,
        latest_delivery_error: null,
        digest_start_time: null,
        latest_digest_time: null,
        last_digest_object: null,
        last_digest_hash: null,
        last_digest_signature: null,
        organization_id: null,
      };
      for (const [key, column] of Object.entries(COLUMNS) as [keyof TrailPatch, keyof TrailsTable][]) {
        (row as unknown as Record<string, unknown>)[column] = toColumn(key, t[key]);
      }
      const result = await db
        .insertInto('trails')
        .values(row)
        .onConflict((oc) => oc.columns(['account_id', 'name']).doNothing())
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },

    async get(accountId, name) {
      const row = await db.selectFrom('trails').selectAll().where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async list(accountId) {
      let query = db.selectFrom('trails').selectAll();
      if (accountId !== undefined) query = query.where('account_id', '=', accountId);
      return (await query.orderBy('account_id').orderBy('name').execute()).map(fromRow);
    },

    async update(accountId, name, patch) {
      const set: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(patch) as [keyof TrailPatch, unknown][]) {
        if (value !== undefined) set[COLUMNS[key]] = toColumn(key, value);
      }
      if (Object.keys(set).length === 0) return;
      await db.updateTable('trails').set(set).where('account_id', '=', accountId).where('name', '=', name).execute();
    },

    async delete(accountId, name) {
      await db.deleteFrom('trail_log_files').where('account_id', '=', accountId).where('trail_name', '=', name).execute();
      await db.deleteFrom('trail_digest_chains').where('account_id', '=', accountId).where('trail_name', '=', name).execute();
      const result = await db.deleteFrom('trails').where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async addLogFile(accountId, trailName, f) {
      await db
        .insertInto('trail_log_files')
        .values({
          account_id: accountId,
          trail_name: trailName,
          s3_object: f.s3Object,
          first_seq: f.firstSeq,
          hash: f.hash,
          oldest_event_time: f.oldestEventTime,
          newest_event_time: f.newestEventTime,
          delivered_at: f.deliveredAt,
          digested: 0,
          member_account: f.memberAccount ?? null,
        })
        .execute();
    },

    async undigested(accountId, trailName, memberAccount) {
      const rows = await db
        .selectFrom('trail_log_files')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('trail_name', '=', trailName)
        .where('digested', '=', 0)
        .where((eb) => (memberAccount === undefined ? eb('member_account', 'is', null) : eb('member_account', '=', memberAccount)))
        .orderBy('first_seq')
        .execute();
      return rows.map((r) => ({
        s3Object: r.s3_object,
        firstSeq: Number(r.first_seq),
        hash: r.hash,
        oldestEventTime: r.oldest_event_time,
        newestEventTime: r.newest_event_time,
        deliveredAt: r.delivered_at,
        memberAccount: r.member_account,
      }));
    },

    async digestChains(accountId, trailName) {
      const rows = await db.selectFrom('trail_digest_chains').selectAll().where('account_id', '=', accountId).where('trail_name', '=', trailName).execute();
      return new Map(
        rows.map((r) => [
          r.member_account,
          { lastDigestObject: r.last_digest_object, lastDigestHash: r.last_digest_hash, lastDigestSignature: r.last_digest_signature },
        ]),
      );
    },

    async setDigestChain(accountId, trailName, memberAccount, chain) {
      const values = { last_digest_object: chain.lastDigestObject, last_digest_hash: chain.lastDigestHash, last_digest_signature: chain.lastDigestSignature };
      await db
        .insertInto('trail_digest_chains')
        .values({ account_id: accountId, trail_name: trailName, member_account: memberAccount, ...values })
        .onConflict((oc) => oc.columns(['account_id', 'trail_name', 'member_account']).doUpdateSet(values))
        .execute();
    },

    async markDigested(accountId, trailName, s3Objects) {
      if (s3Objects.length === 0) return;
      await db
        .updateTable('trail_log_files')
        .set({ digested: 1 })
        .where('account_id', '=', accountId)
        .where('trail_name', '=', trailName)
        .where('s3_object', 'in', [...s3Objects])
        .execute();
    },

    async pendingRecords(accountIds, afterSeq, limit) {
      if (accountIds.length === 0) return [];
      const rows = await db
        .selectFrom('audit_events')
        .select(['seq', 'account_id', 'event_time', 'event_source', 'read_only', 'record'])
        .where('account_id', 'in', [...accountIds])
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        seq: Number(r.seq),
        accountId: r.account_id,
        eventTime: r.event_time,
        eventSource: r.event_source,
        readOnly: Number(r.read_only) === 1,
        record: r.record,
      }));
    },
  };
}
