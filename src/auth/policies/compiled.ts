import { compilePolicy, parsePolicy } from '../../policy/index.js';
import type { CompiledPolicy, Policy, PolicyType } from '../../policy/index.js';

/** Stored documents passed the grammar when written; AWS managed ones may exceed the customer quota. */
const NO_SIZE_LIMIT = Number.MAX_SAFE_INTEGER;

/** A stored document parsed; undefined when it no longer parses (it then grants nothing). */
export function parseStored(text: string, type: 'identity' | 'trust' | 'resource' | 'session' | 'scp' | 'rcp'): Policy | undefined {
  const parsed = parsePolicy(text, type, { maxLength: NO_SIZE_LIMIT });
  return parsed.ok ? parsed.policy : undefined;
}

/** A policy with no statements: as a session policy or a guardrail level it allows nothing. */
export function emptyPolicy(id: string, type: PolicyType): CompiledPolicy {
  return compilePolicy({ version: '2012-10-17', statements: [] }, { id, type });
}

/**
 * A bounded map of compiled policies: when full, it starts over (compiling again is cheap next to
 * unbounded growth). `null` records a document that did not parse.
 */
export class CompiledCache {
  readonly #entries = new Map<string, CompiledPolicy | null>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The compiled policy under `key`, compiled with `make` unless cached. */
  get(key: string, make: () => CompiledPolicy | undefined): CompiledPolicy | undefined {
    const hit = this.#entries.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const made = make();
    if (this.#entries.size >= this.#capacity) this.#entries.clear();
    this.#entries.set(key, made ?? null);
    return made;
  }

  clear(): void {
    this.#entries.clear();
  }
}
