import type { AccountExport } from '../../analysis/exports/index.js';
import { analyzeAccount, DEFAULT_THRESHOLDS, type PostureReport, type Thresholds } from '../../analysis/posture/index.js';
import { besideModule, moduleWorker } from '../../moduleWorker.js';
import type { Store } from '../../store/index.js';
import { readAccountExport } from './accountReader.js';
import { awsManagedPolicyFacts } from './awsManaged.js';

/**
 * The posture reports of a running server's accounts. A report asked for through the API is made
 * afresh (concurrent asks of one account share one analysis); the latest report of each account is
 * kept for the metrics, which refresh in the background once a report is older than
 * {@link METRICS_MAX_AGE_MS}. An account of more than {@link INLINE_PRINCIPALS} users and roles is
 * analysed on a worker thread.
 */

/** How old the report behind the metrics may grow before a scrape starts a new analysis. */
export const METRICS_MAX_AGE_MS = 5 * 60 * 1000;
/** Accounts up to this many users and roles are analysed on the calling thread (well under 100 ms). */
export const INLINE_PRINCIPALS = 300;

export class PostureReports {
  readonly #store: Store;
  readonly #latest = new Map<string, PostureReport>();
  readonly #pending = new Map<string, Promise<PostureReport | undefined>>();
  #refreshing = false;

  constructor(store: Store) {
    this.#store = store;
  }

  /**
   * A fresh report of the account, or undefined when the store has no such account. Asks made while
   * an analysis of the account with the default thresholds runs share it.
   */
  report(accountId: string, now: Date, thresholds: Thresholds = DEFAULT_THRESHOLDS): Promise<PostureReport | undefined> {
    const defaults = thresholds === DEFAULT_THRESHOLDS;
    if (defaults) {
      const pending = this.#pending.get(accountId);
      if (pending !== undefined) return pending;
    }
    const made = (async () => {
      const account = await readAccountExport(this.#store, accountId);
      if (account === undefined) return undefined;
      const report = await analyse(account, now, thresholds);
      if (defaults) this.#latest.set(accountId, report);
      return report;
    })();
    if (defaults) {
      this.#pending.set(accountId, made);
      const forget = () => this.#pending.delete(accountId);
      made.then(forget, forget);
    }
    return made;
  }

  /** The latest report of each account analysed so far. */
  latest(): ReadonlyMap<string, PostureReport> {
    return this.#latest;
  }

  /** Starts analysing, one after another, the accounts whose latest report is missing or older than `maxAgeMs`. */
  refreshInBackground(now: () => Date, maxAgeMs = METRICS_MAX_AGE_MS): void {
    if (this.#refreshing) return;
    this.#refreshing = true;
    void (async () => {
      try {
        for (const account of await this.#store.accounts.list()) {
          const latest = this.#latest.get(account.id);
          if (latest !== undefined && now().getTime() - Date.parse(latest.analyzedAt) < maxAgeMs) continue;
          await this.report(account.id, now());
        }
      } catch {
        // The store closed or an account went away meanwhile: the next scrape tries again.
      } finally {
        this.#refreshing = false;
      }
    })();
  }
}

async function analyse(account: AccountExport, now: Date, thresholds: Thresholds): Promise<PostureReport> {
  const details = account.details as { UserDetailList?: unknown[]; RoleDetailList?: unknown[] };
  const principals = (details.UserDetailList?.length ?? 0) + (details.RoleDetailList?.length ?? 0);
  if (principals <= INLINE_PRINCIPALS) return analyzeAccount(account, { now, thresholds, awsManagedPolicy: awsManagedPolicyFacts });
  const worker = moduleWorker(besideModule(import.meta.url, 'postureWorker'), { workerData: { account, now: now.toISOString(), thresholds } });
  try {
    const message = await new Promise<{ report: PostureReport }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the posture worker exited (${code}) without a report`)));
    });
    return message.report;
  } finally {
    void worker.terminate();
  }
}

const byStore = new WeakMap<Store, PostureReports>();

/** The posture reports of the server whose store this is (one per store). */
export function postureReports(store: Store): PostureReports {
  let reports = byStore.get(store);
  if (reports === undefined) byStore.set(store, (reports = new PostureReports(store)));
  return reports;
}
