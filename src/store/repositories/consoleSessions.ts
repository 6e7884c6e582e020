import type { Selectable } from 'kysely';
import type { ConsoleSessionsTable } from '../schema.js';
import type { RepositoryContext } from './context.js';

/** What a console session may do: everything its principal may, or only change its password first. */
export type ConsoleSessionState = 'active' | 'password-change';

/** A signed-in console session. Its cookie's ID is never stored, only its SHA-256 (`idHash`). */
export interface ConsoleSessionRecord {
  readonly idHash: string;
  readonly accountId: string;
  readonly principalArn: string;
  readonly state: ConsoleSessionState;
  /** The session's temporary credentials, sealed (`auth/sessionToken.ts`). */
  readonly sessionToken: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/**
 * Console sessions and the failed sign-in counters that rate-limit sign-in. Both live in the
 * database, so that every node serves a session and counts the same failures.
 */
export interface ConsoleSessionsRepository {
  create(session: ConsoleSessionRecord): Promise<void>;
  get(idHash: string): Promise<ConsoleSessionRecord | undefined>;
  /** Replaces a session's state and credentials (after a forced password change). */
  update(idHash: string, change: { state: ConsoleSessionState; sessionToken: string }): Promise<void>;
  /** Signs a session out; false when there was none. */
  delete(idHash: string): Promise<boolean>;
  /** Deletes the sessions that expired before `at`; returns how many. */
  deleteExpired(at: string): Promise<number>;
  /** The failures counted under `key` in the window that began at `windowStart` (0 when older or none). */
  failures(key: string, windowStart: string): Promise<number>;
  /** Counts one more failure under `key`, starting a new window at `at` when the last began before `windowStart`. */
  recordFailure(key: string, windowStart: string, at: string): Promise<number>;
  /** Forgets the failures under `key` (a successful sign-in). */
  clearFailures(key: string): Promise<void>;
}

function toRecord(row: Selectable<ConsoleSessionsTable>): ConsoleSessionRecord {
  return {
    idHash: row.id_hash,
    accountId: row.account_id,
    principalArn: row.principal_arn,
    state: row.state as ConsoleSessionState,
    sessionToken: row.session_token,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export function consoleSessionsRepository({ db }: RepositoryContext): ConsoleSessionsRepository {
  return {
    async create(s) {
      await db
        .insertInto('console_sessions')
        .values({
          id_hash: s.idHash,
          account_id: s.accountId,
          principal_arn: s.principalArn,
          state: s.state,
          session_token: s.sessionToken,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
        })
        .execute();
    },
    async get(idHash) {
      const row = await db.selectFrom('console_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },
    async update(idHash, change) {
      await db.updateTable('console_sessions').set({ state: change.state, session_token: change.sessionToken }).where('id_hash', '=', idHash).execute();
    },
    async delete(idHash) {
      const result = await db.deleteFrom('console_sessions').where('id_hash', '=', idHash).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async deleteExpired(at) {
      const result = await db.deleteFrom('console_sessions').where('expires_at', '<', at).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async failures(key, windowStart) {
      const row = await db.selectFrom('console_signin_failures').selectAll().where('throttle_key', '=', key).executeTakeFirst();
      return row === undefined || row.window_start < windowStart ? 0 : row.failures;
    },
    async recordFailure(key, windowStart, at) {
      const row = await db.selectFrom('console_signin_failures').selectAll().where('throttle_key', '=', key).executeTakeFirst();
      if (row === undefined) {
        await db.insertInto('console_signin_failures').values({ throttle_key: key, failures: 1, window_start: at }).execute();
        return 1;
      }
      const failures = row.window_start < windowStart ? 1 : row.failures + 1;
      const start = row.window_start < windowStart ? at : row.window_start;
      await db.updateTable('console_signin_failures').set({ failures, window_start: start }).where('throttle_key', '=', key).execute();
      return failures;
    },
    async clearFailures(key) {
      await db.deleteFrom('console_signin_failures').where('throttle_key', '=', key).execute();
    },
  };
}
