import type { Logger } from 'pino';
import { ANALYZERS_TOPIC, ORGANIZATIONS_TOPIC, RESYNC_TOPIC, type AnalyzerRecord, type Store } from '../../store/index.js';
import { analyzerScope, isUnusedAccessAnalyzer, type AnalyzerScope } from './analyzerScope.js';
import { AnalysisCache, reconcile, zoneKey } from './reconcile.js';
import { RESOURCE_KINDS, type KindChange, type ResourceKind } from './resourceKinds/index.js';

/**
 * Access Analyzer's findings engine: keeps every external access analyzer's findings in line with
 * the policies of its zone, following the store's change feed. A change is noted on the request
 * path in constant time (the feed delivers it at commit); the work runs shortly after, off the
 * request path, batched: changes heard within `debounceMs` are handled together, one resource
 * (a trust policy edit) by re-reading and analyzing that resource only. An analyzer created or
 * reconfigured, an organization whose accounts changed, and a reset are analyzed in full; so is
 * every analyzer when the engine starts and once a day (AWS: resources are analyzed again every 24
 * hours). Analyses are cached by policy text and zone, so a full pass re-analyzes only what changed.
 *
 * Every node runs an engine and hears every change: reconciling is a diff against the stored
 * findings inside a write transaction (re-reading single resources there), so doing it twice
 * changes nothing.
 */
export class FindingsEngine {
  readonly #store: Store;
  readonly #clock: () => Date;
  readonly #logger: Logger | undefined;
  readonly #debounceMs: number;
  readonly #cache = new AnalysisCache();
  readonly #unsubscribe: () => void;
  readonly #daily: NodeJS.Timeout;
  /** Analyzers to analyze in full (`*`: all). */
  #full = new Set<string>();
  /** Changes by what they name: one resource changed twice is analyzed once. */
  #changes = new Map<string, { resourceType: string; change: KindChange }>();
  #organizations = new Set<string>();
  /** The zone each analyzer had when last analyzed, to tell an organization change that moves accounts. */
  readonly #zones = new Map<string, string>();
  /** The external access analyzers as last read; undefined once an analyzer changed (read again before the next run). */
  #analyzers: AnalyzerRecord[] | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(store: Store, options: { clock: () => Date; logger?: Logger; debounceMs?: number }) {
    this.#store = store;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#debounceMs = options.debounceMs ?? 5;
    this.#unsubscribe = store.changes.subscribe((topic, payload) => this.#heard(topic, payload));
    this.#daily = setInterval(() => this.#schedule(() => this.#full.add('*')), 24 * 3600 * 1000);
    this.#daily.unref();
    this.#schedule(() => this.#full.add('*'));
  }

  /** Resolves once every change heard so far has been reflected in the findings. */
  async idle(): Promise<void> {
    for (;;) {
      const running = this.#running;
      await running;
      if (this.#timer === undefined && running === this.#running) return;
      await new Promise((resolve) => setTimeout(resolve, this.#debounceMs + 1));
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe();
    clearInterval(this.#daily);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** Notes a change; O(1), on the committing request's path. */
  #heard(topic: string, payload: string): void {
    if (topic === ANALYZERS_TOPIC || topic === RESYNC_TOPIC) this.#analyzers = undefined;
    if (topic === RESYNC_TOPIC || (topic === ANALYZERS_TOPIC && payload === '*')) {
      this.#cache.clear();
      this.#schedule(() => this.#full.add('*'));
      return;
    }
    if (topic === ANALYZERS_TOPIC) {
      this.#schedule(() => this.#full.add(payload));
      return;
    }
    if (topic === ORGANIZATIONS_TOPIC) this.#schedule(() => this.#organizations.add(payload));
    for (const kind of RESOURCE_KINDS) {
      const change = kind.changed(topic, payload);
      if (change !== undefined)
        this.#schedule(() => this.#changes.set(`${kind.resourceType} ${JSON.stringify(change)}`, { resourceType: kind.resourceType, change }));
    }
  }

  #schedule(note: () => void): void {
    if (this.#closed) return;
    note();
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#running = this.#running.then(() => this.#run()).catch((err: unknown) => this.#logger?.error({ err }, 'access analyzer findings engine'));
    }, this.#debounceMs);
    this.#timer.unref?.();
  }

  async #run(): Promise<void> {
    const full = this.#full;
    const changes = [...this.#changes.values()];
    const organizations = this.#organizations;
    this.#full = new Set();
    this.#changes = new Map();
    this.#organizations = new Set();
    if (full.size === 0 && changes.length === 0 && organizations.size === 0) return;
    // Without an external access analyzer (most servers, most of the time) a change costs nothing more.
    this.#analyzers ??= (await this.#store.analyzers.listAll()).filter((a) => !isUnusedAccessAnalyzer(a));
    const analyzers = this.#analyzers;
    for (const analyzer of analyzers) {
      if (this.#closed) return;
      try {
        await this.#runFor(analyzer, full.has('*') || full.has(analyzer.arn), changes, organizations);
      } catch (err) {
        this.#logger?.error({ err, analyzer: analyzer.arn }, 'access analyzer findings engine: analyzer failed');
      }
    }
  }

  async #runFor(
    analyzer: AnalyzerRecord,
    fullPass: boolean,
    changes: readonly { resourceType: string; change: KindChange }[],
    organizations: ReadonlySet<string>,
  ): Promise<void> {
    const touchesOrganization = analyzer.organizationId !== null && organizations.has(analyzer.organizationId);
    if (!fullPass && changes.length === 0 && !touchesOrganization) return;
    const scope = await this.#scopeOf(analyzer);
    if (scope.zone === undefined) return;
    const key = zoneKey(scope.zone);
    const moved = this.#zones.get(analyzer.arn) !== key;
    this.#zones.set(analyzer.arn, key);
    if (fullPass || moved) return this.#fullPass(analyzer, scope);
    for (const { resourceType, change } of changes) {
      const kind = RESOURCE_KINDS.find((k) => k.resourceType === resourceType)!;
      await this.#apply(analyzer, scope, kind, change);
    }
  }

  /** The analyzer's scope; its status follows it (DISABLED with AWS's reason while it cannot work). */
  async #scopeOf(analyzer: AnalyzerRecord): Promise<AnalyzerScope> {
    const scope = await analyzerScope(this.#store, analyzer);
    const status = scope.disabled === undefined ? 'ACTIVE' : 'DISABLED';
    const reason = scope.disabled ?? null;
    if (analyzer.status !== status || analyzer.statusReason !== reason) {
      await this.#store.transaction((tx) => tx.analyzers.update(analyzer.arn, { status, statusReason: reason }));
    }
    return scope;
  }

  async #fullPass(analyzer: AnalyzerRecord, scope: AnalyzerScope): Promise<void> {
    const accounts = [...scope.zone!.accounts].sort();
    for (const kind of RESOURCE_KINDS) await this.#accounts(analyzer, scope, kind, accounts);
  }

  async #accounts(analyzer: AnalyzerRecord, scope: AnalyzerScope, kind: ResourceKind, accounts: readonly string[]): Promise<void> {
    const resources = [];
    for (const account of accounts) resources.push(...(await kind.list(this.#store, account)));
    await reconcile(
      this.#store,
      analyzer,
      scope.zone!,
      { scope: 'accounts', resourceTypes: [kind.resourceType], accounts, resources },
      this.#clock().toISOString(),
      this.#cache,
    );
  }

  async #apply(analyzer: AnalyzerRecord, scope: AnalyzerScope, kind: ResourceKind, change: KindChange): Promise<void> {
    const zone = scope.zone!;
    switch (change.kind) {
      case 'all':
        return this.#accounts(analyzer, scope, kind, [...zone.accounts].sort());
      case 'account':
        return zone.accounts.has(change.accountId) ? this.#accounts(analyzer, scope, kind, [change.accountId]) : undefined;
      case 'organization': {
        const members = (await this.#store.accounts.list())
          .filter((a) => a.organizationId === change.organizationId && zone.accounts.has(a.id))
          .map((a) => a.id);
        return members.length === 0 ? undefined : this.#accounts(analyzer, scope, kind, members);
      }
      case 'resource': {
        if (!zone.accounts.has(change.accountId)) return;
        const current = await kind.get(this.#store, change.arn);
        await reconcile(
          this.#store,
          analyzer,
          zone,
          { scope: 'resources', resources: [{ arn: change.arn, current }] },
          this.#clock().toISOString(),
          this.#cache,
          (tx, arn) => kind.get(tx, arn),
        );
      }
    }
  }
}
