import type { Kysely } from 'kysely';
import type { KeyRing } from '../keyring.js';
import type { Database } from '../schema.js';

/** What a repository works with: the database handle (a transaction inside one), the key ring, the clock. */
export interface RepositoryContext {
  readonly db: Kysely<Database>;
  readonly keyRing: KeyRing;
  /** Now, as an ISO-8601 UTC string with milliseconds. */
  readonly now: () => string;
}
