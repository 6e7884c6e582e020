import type { RepositoryContext } from './context.js';
import { kvRepository } from './kv.js';

/**
 * Values kept per organization, each under a name (trusted service access, delegated
 * administrators, the resource policy), as text the caller encodes. They live in the key/value
 * table under `organizations/<organization id>/<name>`.
 */
export interface OrganizationValuesRepository {
  get(organizationId: string, name: string): Promise<string | undefined>;
  set(organizationId: string, name: string, value: string): Promise<void>;
  /** Returns false when there was no such value. */
  delete(organizationId: string, name: string): Promise<boolean>;
}

/** Per-organization values over one database handle. */
export function organizationValuesRepository(context: RepositoryContext): OrganizationValuesRepository {
  const kv = kvRepository(context);
  const key = (organizationId: string, name: string) => `organizations/${organizationId}/${name}`;
  return {
    get: (organizationId, name) => kv.get(key(organizationId, name)),
    set: (organizationId, name, value) => kv.set(key(organizationId, name), value),
    delete: (organizationId, name) => kv.delete(key(organizationId, name)),
  };
}
