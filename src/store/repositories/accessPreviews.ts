import type { Selectable } from 'kysely';
import type { AccessPreviewsTable } from './analyzerTables.js';
import type { RepositoryContext } from './context.js';

/** An access preview (CreateAccessPreview) with its findings, as stored. */
export interface AccessPreviewRecord {
  readonly id: string;
  readonly analyzerArn: string;
  /** AWS's AccessPreviewStatus: COMPLETED, CREATING, FAILED. */
  readonly status: string;
  /** AWS's AccessPreviewStatusReasonCode, when FAILED. */
  readonly statusReason: string | null;
  readonly clientToken: string | null;
  /** AWS's ConfigurationsMap, as the caller gave it. */
  readonly configurations: Readonly<Record<string, unknown>>;
  /** AWS's AccessPreviewFinding list. */
  readonly findings: readonly Readonly<Record<string, unknown>>[];
  readonly createdAt: string;
}

/** Access previews of analyzers (deleted with their analyzer). */
export interface AccessPreviewsRepository {
  create(preview: AccessPreviewRecord): Promise<void>;
  get(id: string): Promise<AccessPreviewRecord | undefined>;
  /** The analyzer's previews, newest first. */
  list(analyzerArn: string): Promise<AccessPreviewRecord[]>;
  /** How many previews the analyzer has made since `since` (AWS's hourly quota). */
  countSince(analyzerArn: string, since: string): Promise<number>;
}

function toRecord(row: Selectable<AccessPreviewsTable>): AccessPreviewRecord {
  return {
    id: row.id,
    analyzerArn: row.analyzer_arn,
    status: row.status,
    statusReason: row.status_reason,
    clientToken: row.client_token,
    configurations: JSON.parse(row.configurations) as Record<string, unknown>,
    findings: JSON.parse(row.findings) as Record<string, unknown>[],
    createdAt: row.created_at,
  };
}

/** Access previews over one database handle. */
export function accessPreviewsRepository({ db }: RepositoryContext): AccessPreviewsRepository {
  return {
    async create(p) {
      await db
        .insertInto('access_previews')
        .values({
          id: p.id,
          analyzer_arn: p.analyzerArn,
          status: p.status,
          status_reason: p.statusReason,
          client_token: p.clientToken,
          configurations: JSON.stringify(p.configurations),
          findings: JSON.stringify(p.findings),
          created_at: p.createdAt,
        })
        .execute();
    },

    async get(id) {
      const row = await db.selectFrom('access_previews').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async list(analyzerArn) {
      const rows = await db
        .selectFrom('access_previews')
        .selectAll()
        .where('analyzer_arn', '=', analyzerArn)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },

    async countSince(analyzerArn, since) {
      const row = await db
        .selectFrom('access_previews')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('analyzer_arn', '=', analyzerArn)
        .where('created_at', '>=', since)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
