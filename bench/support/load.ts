/** Shared pieces of the HTTP benchmarks: child servers, signed requests, and the load generator. */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';

export const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
export const DURATION = Number(process.env['BENCH_SECONDS'] ?? 10);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** `servers.ts` as the compiler writes it (tsconfig.bench.json), beside Gatehouse's own compiled sources. */
const SERVERS = join(ROOT, '.bench/build/bench/support/servers.js');
let compiled = false;

/**
 * Compiles the servers and Gatehouse with tsc, once per benchmark process: the servers run as the
 * compiled JavaScript that `npm start` runs, not through tsx, whose transform adds work of its own
 * to every function made per request.
 */
function compileServers(): void {
  if (compiled) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.bench.json')], { stdio: 'inherit' });
  compiled = true;
}

export interface Running {
  child: ChildProcess;
  port: number;
  stop(): void;
}
export interface SignedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}
export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  total: number;
}

/** Starts `servers.ts <kind>` in its own process and waits for it to listen. */
export function startServer(kind: 'bare' | 'gatehouse' | 'sigv4-floor' | 'assume-floor' | 's3-floor', env: Record<string, string> = {}): Promise<Running> {
  compileServers();
  const child = spawn(process.execPath, [SERVERS, kind], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

/** A query-protocol POST signed with SigV4 (valid for 15 minutes, replayed by the load generator). */
export async function signedQuery(
  port: number,
  service: 'sts' | 'iam',
  body: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<SignedRequest> {
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path: '/',
    headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  return { method: 'POST', path: '/', headers: signed.headers as Record<string, string>, body };
}

/** Drives `request` at `port` with autocannon (`CONNECTIONS` connections, as fast as they go, unless told otherwise); every response must be 2xx. */
export async function load(
  port: number,
  request: SignedRequest,
  seconds = DURATION,
  options: { connections?: number; rate?: number } = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${request.path}`,
    connections: options.connections ?? CONNECTIONS,
    ...(options.rate === undefined ? {} : { overallRate: options.rate }),
    duration: seconds,
    method: request.method as 'POST',
    headers: request.headers,
    body: request.body,
  });
  const ok = result['2xx'];
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx responses and ${result.errors} errors (of ${ok + result.non2xx})`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: ok };
}

/** The machine's CPU time counters (`/proc/stat`'s first line), or undefined off Linux. */
function cpuTimes(): number[] | undefined {
  try {
    return readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  } catch {
    return undefined;
  }
}

/**
 * Starts watching the whole machine; the returned function says what share of CPU time since
 * then was stolen by the hypervisor (other tenants) and what share sat idle, e.g.
 * `steal 12%, idle 30%`. On a shared VM, figures from a run with much steal are low.
 */
export function watchMachine(): () => string {
  const start = cpuTimes();
  return () => {
    const end = cpuTimes();
    if (start === undefined || end === undefined) return 'machine load unknown (no /proc/stat)';
    const delta = end.map((v, i) => v - (start[i] ?? 0));
    const total = delta.slice(0, 8).reduce((sum, v) => sum + v, 0) || 1;
    const share = (i: number) => `${Math.round((100 * (delta[i] ?? 0)) / total)}%`;
    return `machine during the rounds: steal ${share(7)}, idle ${share(3)} (of all cores)`;
  };
}

/** One workload of {@link alternate}: a server's port and the request replayed at it. */
export interface Workload {
  port: number;
  request: SignedRequest;
}

/**
 * Drives each workload for `seconds` in turn, `rounds` times, each round starting one workload
 * further along, so that every workload meets the same spells of a shared machine's load (which
 * drifts by ±20% from minute to minute on the benchmark VM). Each result is the mean throughput
 * over its rounds; latency is the median round's.
 */
export async function alternate<K extends string>(workloads: Record<K, Workload>, rounds: number, seconds: number): Promise<Record<K, LoadResult>> {
  if (!(rounds >= 1)) throw new Error('rounds must be at least 1');
  const names = Object.keys(workloads) as K[];
  const results = new Map<K, LoadResult[]>(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      results.get(name)!.push(await load(workloads[name].port, workloads[name].request, seconds));
    }
  }
  const out = {} as Record<K, LoadResult>;
  for (const [name, rs] of results) out[name] = summary(rs);
  return out;
}

/** Rounds of one workload as one result: mean throughput, the median round's latency. */
export function summary(rounds: readonly LoadResult[]): LoadResult {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    rps: rounds.reduce((sum, r) => sum + r.rps, 0) / rounds.length,
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    total: rounds.reduce((sum, r) => sum + r.total, 0),
  };
}

export function row(name: string, r: LoadResult, floor?: LoadResult): string {
  const ratio = floor === undefined ? '' : (r.rps / floor.rps).toFixed(3).padStart(8);
  return `${name.padEnd(44)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)}${ratio}`;
}

export const HEADER = `${'workload'.padEnd(44)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'vs bare'.padStart(8)}`;
