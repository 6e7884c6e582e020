/**
 * bench:s3 — S3 through the full pipeline beside the least an S3 server must do, in one run:
 *
 * 1. Small objects: GetObject and PutObject of 1 KiB (header-signed, the payload's SHA-256
 *    signed) on Gatehouse, beside the S3 SigV4 floor (`bench/support/servers.ts` `s3-floor`:
 *    read the body, verify the signature and payload hash with Gatehouse's own code, answer) for
 *    the same requests, in alternating rounds (`BENCH_ROUNDS`, default 6, of
 *    `BENCH_ROUND_SECONDS`, default 2). Target: GET ≥ 0.6 of the floor.
 * 2. Large objects: a 1 GiB upload (PUT, UNSIGNED-PAYLOAD, streamed from a file) and download
 *    (GET, read to the end) beside a plain copy of the same file on the same disk (streamed read
 *    and write, then fdatasync, as Gatehouse's byte store flushes a blob before it commits), with
 *    the server's resident memory sampled throughout. Targets: each ≥ 0.5 of the copy's
 *    throughput; RSS growth ≤ 64 MiB. `BENCH_LARGE_MIB` (default 1024) sets the size.
 *
 * Every temporary file (the source, the copy, the server's data directory) is removed.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { BENCH_KEYS } from './support/servers.js';
import { CONNECTIONS, alternate, row, startServer, watchMachine } from './support/load.js';
import type { Running, SignedRequest } from './support/load.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 6);
const ROUND_SECONDS = Number(process.env['BENCH_ROUND_SECONDS'] ?? 2);
const LARGE = Number(process.env['BENCH_LARGE_MIB'] ?? 1024) * 1024 * 1024;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

async function signed(
  port: number,
  method: string,
  path: string,
  body: string,
  payloadHash: string,
  extra: Record<string, string> = {},
): Promise<SignedRequest> {
  const signer = new SignatureV4({ credentials: BENCH_KEYS, region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const out = await signer.sign({
    method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path,
    headers: { host: `127.0.0.1:${port}`, 'x-amz-content-sha256': payloadHash, ...extra },
    body,
  });
  return { method, path, headers: out.headers as Record<string, string>, body };
}

/** Sends one request (body from a buffer or a file) and reads the whole response; resolves with its status and byte count. */
function send(port: number, req: SignedRequest, body?: { file: string } | string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers: req.headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    r.on('error', reject);
    if (body === undefined) r.end();
    else if (typeof body === 'string') r.end(body);
    else createReadStream(body.file, { highWaterMark: 1024 * 1024 }).pipe(r);
  });
}

/** The child's resident set size, bytes (Linux). */
function rss(child: Running): number {
  try {
    const status = readFileSync(`/proc/${child.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Runs `work` while sampling the child's RSS every 20 ms; returns its seconds and the peak growth. */
async function measured(child: Running | undefined, work: () => Promise<unknown>): Promise<{ seconds: number; growth: number }> {
  const before = child === undefined ? 0 : rss(child);
  let peak = before;
  const timer = child === undefined ? undefined : setInterval(() => (peak = Math.max(peak, rss(child))), 20);
  const start = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (timer !== undefined) clearInterval(timer);
  if (child !== undefined) peak = Math.max(peak, rss(child));
  return { seconds, growth: peak - before };
}

async function stopped(server: Running): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.stop();
  await exited;
}

const floor = await startServer('s3-floor');
const gatehouse = await startServer('gatehouse');
const work = await mkdtemp(join(tmpdir(), 'gatehouse-bench-s3-'));
try {
  const small = 'g'.repeat(1024);
  const smallHash = createHash('sha256').update(small).digest('hex');
  // The bucket and its 1 KiB object.
  const create = await send(gatehouse.port, await signed(gatehouse.port, 'PUT', '/bench', '', EMPTY_SHA256));
  if (create.status !== 200) throw new Error(`CreateBucket answered ${create.status}`);
  const seed = await send(gatehouse.port, await signed(gatehouse.port, 'PUT', '/bench/small', small, smallHash), small);
  if (seed.status !== 200) throw new Error(`PutObject answered ${seed.status}`);

  const workloads = {
    floorGet: { port: floor.port, request: await signed(floor.port, 'GET', '/bench/small', '', EMPTY_SHA256) },
    gatehouseGet: { port: gatehouse.port, request: await signed(gatehouse.port, 'GET', '/bench/small', '', EMPTY_SHA256) },
    floorPut: { port: floor.port, request: await signed(floor.port, 'PUT', '/bench/put', small, smallHash) },
    gatehousePut: { port: gatehouse.port, request: await signed(gatehouse.port, 'PUT', '/bench/put', small, smallHash) },
  };
  const machine = watchMachine();
  const small1 = await alternate(workloads, ROUNDS, ROUND_SECONDS);

  // Large transfers: the same bytes from a file on the benchmark's disk.
  const source = join(work, 'source.bin');
  const block = Buffer.alloc(8 * 1024 * 1024);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32BE((i * 2654435761) >>> 0, i);
  const writer = createWriteStream(source);
  for (let written = 0; written < LARGE; written += block.length)
    if (!writer.write(block.subarray(0, Math.min(block.length, LARGE - written)))) await new Promise<void>((r) => writer.once('drain', () => r()));
  await new Promise<void>((r) => writer.end(() => r()));
  const size = (await stat(source)).size;
  const copy = await measured(undefined, async () => {
    const target = join(work, 'copy.bin');
    await pipeline(createReadStream(source, { highWaterMark: 1024 * 1024 }), createWriteStream(target));
    const handle = await open(target, 'r+');
    await handle.datasync();
    await handle.close();
    await rm(target);
  });
  const put = await signed(gatehouse.port, 'PUT', '/bench/large', '', 'UNSIGNED-PAYLOAD', { 'content-length': String(size) });
  const upload = await measured(gatehouse, async () => {
    const answer = await send(gatehouse.port, put, { file: source });
    if (answer.status !== 200) throw new Error(`large PutObject answered ${answer.status}`);
  });
  const get = await signed(gatehouse.port, 'GET', '/bench/large', '', EMPTY_SHA256);
  let downloaded = 0;
  const download = await measured(gatehouse, async () => {
    const answer = await send(gatehouse.port, get);
    if (answer.status !== 200) throw new Error(`large GetObject answered ${answer.status}`);
    downloaded = answer.bytes;
  });
  if (downloaded !== size) throw new Error(`downloaded ${downloaded} of ${size} bytes`);
  const machineLoad = machine();

  const mib = (bytes: number) => bytes / 1024 / 1024;
  const rate = (seconds: number) => mib(size) / seconds;
  console.log(
    `\nbench:s3 — ${CONNECTIONS} connections, autocannon on loopback; mean of ${ROUNDS} alternating rounds of ${ROUND_SECONDS}s (latency: median round)`,
  );
  console.log(`${'workload'.padEnd(44)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'vs floor'.padStart(8)}`);
  console.log(row('S3 SigV4 floor, GET 1 KiB', small1.floorGet));
  console.log(row('gatehouse GetObject 1 KiB', small1.gatehouseGet, small1.floorGet));
  console.log(row('S3 SigV4 floor, PUT 1 KiB', small1.floorPut));
  console.log(row('gatehouse PutObject 1 KiB', small1.gatehousePut, small1.floorPut));
  console.log(`\nlarge objects: ${mib(size).toFixed(0)} MiB`);
  console.log(`  file copy (read, write, fdatasync)     ${rate(copy.seconds).toFixed(0).padStart(6)} MiB/s`);
  console.log(
    `  gatehouse PutObject (UNSIGNED-PAYLOAD)  ${rate(upload.seconds).toFixed(0).padStart(6)} MiB/s  ${(copy.seconds / upload.seconds).toFixed(2)} of the copy, RSS +${mib(upload.growth).toFixed(1)} MiB`,
  );
  console.log(
    `  gatehouse GetObject                     ${rate(download.seconds).toFixed(0).padStart(6)} MiB/s  ${(copy.seconds / download.seconds).toFixed(2)} of the copy, RSS +${mib(download.growth).toFixed(1)} MiB`,
  );
  console.log(machineLoad);
  console.log(
    `GetObject ${(small1.gatehouseGet.rps / small1.floorGet.rps).toFixed(3)} of its floor (target ≥ 0.6); PutObject ${(small1.gatehousePut.rps / small1.floorPut.rps).toFixed(3)} of its floor; ` +
      `upload ${(copy.seconds / upload.seconds).toFixed(2)}, download ${(copy.seconds / download.seconds).toFixed(2)} of the copy (target ≥ 0.5); ` +
      `RSS growth ${mib(Math.max(upload.growth, download.growth)).toFixed(1)} MiB (target ≤ 64 MiB)`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
  await stopped(floor);
  await stopped(gatehouse);
}
