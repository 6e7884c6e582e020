/**
 * bench:http — signed sts:GetCallerIdentity through the full pipeline (SigV4, routing, decoding,
 * authorization seam, encoding, audit seam, metrics) versus a bare node:http server returning a
 * static 500-byte XML body, both driven by the same load generator (autocannon) from this process
 * on loopback, each server in its own single process. Prints req/s, p50, p99 and the ratios.
 *
 * Targets (issue 2): ≥ 0.45 of the bare floor; p99 ≤ 10 ms at 50 connections.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { BENCH_KEYS } from './support/servers.js';

const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const DURATION = Number(process.env['BENCH_SECONDS'] ?? 10);
const SERVERS = fileURLToPath(new URL('./support/servers.ts', import.meta.url));

interface Running { child: ChildProcess; port: number }

function start(kind: 'bare' | 'gatehouse'): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVERS, kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

async function signedRequest(port: number): Promise<{ method: string; path: string; headers: Record<string, string>; body: string }> {
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const signer = new SignatureV4({ credentials: BENCH_KEYS, region: 'us-east-1', service: 'sts', sha256: Sha256 });
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

async function load(port: number, request: { method: string; path: string; headers: Record<string, string>; body: string }, seconds: number) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    method: request.method as 'POST',
    headers: request.headers,
    body: request.body,
  });
  const ok = result['2xx'];
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx responses and ${result.errors} errors (of ${ok + result.non2xx})`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: ok };
}

async function main(): Promise<void> {
  const bare = await start('bare');
  const gatehouse = await start('gatehouse');
  try {
    const bareRequest = await signedRequest(bare.port);
    const ghRequest = await signedRequest(gatehouse.port);
    await load(bare.port, bareRequest, 2);
    await load(gatehouse.port, ghRequest, 2);
    const floor = await load(bare.port, bareRequest, DURATION);
    const full = await load(gatehouse.port, ghRequest, DURATION);
    const rows = [
      ['bare node:http (static 500 B XML)', floor],
      ['gatehouse GetCallerIdentity (signed)', full],
    ] as const;
    console.log(`\nbench:http — ${CONNECTIONS} connections, ${DURATION}s each, autocannon on loopback, one server process each`);
    console.log('server                                  req/s      p50 ms   p99 ms');
    for (const [name, r] of rows) {
      console.log(`${name.padEnd(38)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)}`);
    }
    const ratio = full.rps / floor.rps;
    console.log(`ratio gatehouse/bare req/s: ${ratio.toFixed(3)} (target ≥ 0.45); gatehouse p99 ${full.p99} ms (target ≤ 10 ms)`);
  } finally {
    bare.child.kill('SIGTERM');
    gatehouse.child.kill('SIGTERM');
  }
}

await main();
