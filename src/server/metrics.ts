import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
type Severity = (typeof SEVERITIES)[number];

/** The Prometheus metrics Gatehouse exports at `GET /_gatehouse/metrics`. */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'gatehouse_requests_total',
    help: 'AWS API requests by service, operation and HTTP status',
    labelNames: ['service', 'operation', 'status'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'gatehouse_request_duration_seconds',
    help: 'Time from receiving a request to sending its response',
    labelNames: ['service'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly decisions = new Counter({
    name: 'gatehouse_authorization_decisions_total',
    help: 'Authorization decisions by result',
    labelNames: ['decision'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'gatehouse_' });
  }

  /**
   * `gatehouse_posture_findings{account, severity}` and `gatehouse_posture_analyzed_timestamp_seconds{account}`:
   * each account's latest posture report, read from `latest` at every scrape (which may start a
   * new analysis in the background; the scrape never waits for one).
   */
  watchPosture(latest: () => ReadonlyMap<string, { readonly analyzedAt: string; readonly summary: Readonly<Record<Severity, number>> }>): void {
    const reports = latest;
    new Gauge({
      name: 'gatehouse_posture_findings',
      help: 'Posture findings of each account by severity, from its latest analysis (docs/posture.md)',
      labelNames: ['account', 'severity'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [account, report] of reports()) for (const severity of SEVERITIES) this.set({ account, severity }, report.summary[severity]);
      },
    });
    new Gauge({
      name: 'gatehouse_posture_analyzed_timestamp_seconds',
      help: "When each account's latest posture analysis ran",
      labelNames: ['account'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [account, report] of reports()) this.set({ account }, Date.parse(report.analyzedAt) / 1000);
      },
    });
  }

  /**
   * The series each (service, operation, status) counts into, looked up once: prom-client hashes
   * a label set on every call otherwise. Bounded: operations are the models' (an unknown action is
   * counted as `unknown`) and statuses are few.
   */
  readonly #series = new Map<string, { readonly requests: { inc(): void }; readonly latency: { observe(value: number): void } }>();

  observe(service: string, operation: string, status: number, seconds: number): void {
    const key = `${service} ${operation} ${status}`;
    let series = this.#series.get(key);
    if (series === undefined) {
      series = { requests: this.requests.labels(service, operation, String(status)), latency: this.latency.labels(service) };
      this.#series.set(key, series);
    }
    series.requests.inc();
    series.latency.observe(seconds);
  }
}
