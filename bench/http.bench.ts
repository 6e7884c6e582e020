/**
 * bench:http — signed sts:GetCallerIdentity through the full pipeline (SigV4, routing, decoding,
 * authorization seam, encoding, audit seam, metrics) versus a bare node:http server returning a
 * static 500-byte XML body, both driven by the same load generator (autocannon) from this process
 * on loopback, each server in its own single process. Prints req/s, p50, p99 and the ratio.
 *
 * The same run also measures the audit trail's cost: GetCallerIdentity (a group-committed
 * read-only record) and iam:TagUser (a mutation whose record commits in its transaction) against
 * a second Gatehouse with `GATEHOUSE_AUDIT=off`, and prints on/off ratios. On a shared machine the
 * load varies by the minute, so on and off alternate in short rounds (`BENCH_AUDIT_ROUNDS`,
 * default 10, of `BENCH_AUDIT_SECONDS`, default 2), each going first in turn, and each reports
 * its mean over the rounds.
 *
 * Targets (issue 2): ≥ 0.45 of the bare floor; p99 ≤ 10 ms at 50 connections.
 * Target (issue 6): audit on ≥ 0.90 × audit off.
 */
import { BENCH_KEYS } from './support/servers.js';
import { CONNECTIONS, DURATION, HEADER, load, row, signedQuery, startServer } from './support/load.js';
import type { LoadResult } from './support/load.js';

const ROUNDS = Number(process.env['BENCH_AUDIT_ROUNDS'] ?? 10);
const ROUND_SECONDS = Number(process.env['BENCH_AUDIT_SECONDS'] ?? 2);

const bare = await startServer('bare');
const gatehouse = await startServer('gatehouse', { BENCH_SEED_USERS: '1' });
const auditOff = await startServer('gatehouse', { BENCH_SEED_USERS: '1', GATEHOUSE_AUDIT: 'off' });
try {
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const tagUser = 'Action=TagUser&UserName=seed-000000&Tags.member.1.Key=bench&Tags.member.1.Value=on&Version=2010-05-08';
  const bareRequest = await signedQuery(bare.port, 'sts', body, BENCH_KEYS);
  const ghRequest = await signedQuery(gatehouse.port, 'sts', body, BENCH_KEYS);
  const offRequest = await signedQuery(auditOff.port, 'sts', body, BENCH_KEYS);
  const ghWrite = await signedQuery(gatehouse.port, 'iam', tagUser, BENCH_KEYS);
  const offWrite = await signedQuery(auditOff.port, 'iam', tagUser, BENCH_KEYS);
  await load(bare.port, bareRequest, 2);
  await load(gatehouse.port, ghRequest, 2);
  await load(auditOff.port, offRequest, 2);
  const floor = await load(bare.port, bareRequest);
  const full = await load(gatehouse.port, ghRequest);
  // On and off alternate in short rounds, each going first in turn, so that both meet the same
  // spells of a shared machine's load; each is the mean over its rounds (latency: the median round's).
  if (!(ROUNDS >= 1)) throw new Error('BENCH_AUDIT_ROUNDS must be at least 1');
  const rounds = { readOn: [] as LoadResult[], readOff: [] as LoadResult[], writeOn: [] as LoadResult[], writeOff: [] as LoadResult[] };
  for (let round = 0; round < ROUNDS; round++) {
    const pair = async (on: () => Promise<LoadResult>, off: () => Promise<LoadResult>) =>
      round % 2 === 0 ? [await on(), await off()] : [await off(), await on()].reverse();
    const [readOn, readOff] = await pair(() => load(gatehouse.port, ghRequest, ROUND_SECONDS), () => load(auditOff.port, offRequest, ROUND_SECONDS));
    const [writeOn, writeOff] = await pair(() => load(gatehouse.port, ghWrite, ROUND_SECONDS), () => load(auditOff.port, offWrite, ROUND_SECONDS));
    rounds.readOn.push(readOn!);
    rounds.readOff.push(readOff!);
    rounds.writeOn.push(writeOn!);
    rounds.writeOff.push(writeOff!);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const mean = (rs: LoadResult[]): LoadResult => ({
    rps: rs.reduce((sum, r) => sum + r.rps, 0) / rs.length,
    p50: median(rs.map((r) => r.p50)),
    p99: median(rs.map((r) => r.p99)),
    total: rs.reduce((sum, r) => sum + r.total, 0),
  });
  const readOn = mean(rounds.readOn);
  const readOff = mean(rounds.readOff);
  const writeOn = mean(rounds.writeOn);
  const writeOff = mean(rounds.writeOff);
  console.log(`\nbench:http — ${CONNECTIONS} connections, ${DURATION}s each, autocannon on loopback, one server process each`);
  console.log(HEADER);
  console.log(row('bare node:http (static 500 B XML)', floor));
  console.log(row('gatehouse sts:GetCallerIdentity (signed)', full, floor));
  console.log(`audit on and off: mean of ${ROUNDS} alternating rounds of ${ROUND_SECONDS}s (latency: median round)`);
  console.log(row('gatehouse sts:GetCallerIdentity, audit on', readOn, floor));
  console.log(row('  same, GATEHOUSE_AUDIT=off', readOff, floor));
  console.log(row('gatehouse iam:TagUser (signed mutation)', writeOn, floor));
  console.log(row('  same, GATEHOUSE_AUDIT=off', writeOff, floor));
  console.log(`ratio ${(full.rps / floor.rps).toFixed(3)} (target ≥ 0.45); gatehouse p99 ${full.p99} ms (target ≤ 10 ms)`);
  console.log(`audit on/off: GetCallerIdentity ${(readOn.rps / readOff.rps).toFixed(3)}, TagUser ${(writeOn.rps / writeOff.rps).toFixed(3)} (target ≥ 0.90)`);
} finally {
  bare.stop();
  gatehouse.stop();
  auditOff.stop();
}
