/**
 * Typed errors of the storage layer. They are not wire errors: the service layer maps them
 * (`DuplicateError` → IAM `EntityAlreadyExists`, `KeyRingError` → `InternalFailure`).
 */

/** An insert collided with an existing row on a unique key (a name, an id). */
export class DuplicateError extends Error {
  readonly code = 'Duplicate' as const;
  /** The kind of entity, e.g. `user`, `account`, `access key`. */
  readonly entity: string;
  /** The name or id that collided, as the caller gave it. */
  readonly key: string;

  constructor(entity: string, key: string, options?: { cause?: unknown }) {
    super(`${entity} \`${key}\` already exists`, options);
    this.name = 'DuplicateError';
    this.entity = entity;
    this.key = key;
  }
}

/** The key ring cannot start, or a sealed secret does not open (wrong key, tampered, malformed). */
export class KeyRingError extends Error {
  readonly code = 'KeyRing' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyRingError';
  }
}

/**
 * Whether a driver error is a unique or primary key violation: SQLite's
 * `SQLITE_CONSTRAINT_UNIQUE`/`SQLITE_CONSTRAINT_PRIMARYKEY`, PostgreSQL's SQLSTATE `23505`.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * What a unique violation names: PostgreSQL's constraint (`users_user_id_key`), or SQLite's
 * message (`UNIQUE constraint failed: users.user_id`). Both mention the columns' names.
 */
export function violationDetail(error: unknown): string {
  const { constraint, message } = error as { constraint?: unknown; message?: unknown };
  return typeof constraint === 'string' ? constraint : String(message);
}

/** Runs `insert`, turning a unique violation into a {@link DuplicateError}. */
export async function insertUnique<T>(entity: string, key: string, insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateError(entity, key, { cause: error });
    throw error;
  }
}
