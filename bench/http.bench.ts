/**
 * bench:http — signed sts:GetCallerIdentity through the full pipeline (SigV4, routing, decoding,
 * authorization, encoding, audit, metrics) versus a bare node:http server returning a static
 * 500-byte XML body, both driven by the same load generator (autocannon) from this process on
 * loopback, each server in its own single process. Prints req/s, p50, p99 and the ratio.
 *
 * Beside them runs the SigV4 floor (`bench/support/servers.ts`): a node:http server that does
 * only what any SigV4 server must (read the body, verify the signature with Gatehouse's own code,
 * answer with a fresh request ID), so the run shows how much of the gap to bare is SigV4 itself.
 *
 * The same run measures the audit trail's cost: GetCallerIdentity (a group-committed read-only
 * record) and iam:TagUser (a mutation whose record commits in its transaction) against a second
 * Gatehouse with `GATEHOUSE_AUDIT=off`.
 *
 * On a shared machine the load varies by the minute, so every workload runs in short alternating
 * rounds (`BENCH_ROUNDS`, default 10, of `BENCH_ROUND_SECONDS`, default 2), each round starting
 * one workload further along, and each reports its mean over the rounds.
 *
 * IAM reads against the same Gatehouse: iam:GetUser of one user, again and again, and iam:ListUsers
 * of a 51-user page, each as a share of GetCallerIdentity's rate (what authentication alone costs).
 *
 * Last, reads beside writes: GetCallerIdentity at a fixed rate (`BENCH_MIXED_RATE`, default
 * 2,000/s, on 20 connections), alone and then while TagUser runs flat out on 10 connections, in
 * alternating rounds; the ratio is of the reads' p99. A write's disk flush runs off the request
 * thread (SQLite group commit), so writes delay reads only by the CPU they take.
 *
 * Targets, each against a floor measured in the same run: GetCallerIdentity (audit on) ≥ 0.90 of
 * the SigV4 floor with p99 ≤ 1.5× the floor's p99; audit on ≥ 0.90 × audit off, for reads and for
 * writes; GetUser ≥ 0.75 and a 51-user ListUsers ≥ 0.40 of GetCallerIdentity; reads' p99 beside
 * writes ≤ 1.5× reads alone; TagUser p99 ≤ 25 ms at 50 connections.
 */
import { BENCH_KEYS } from './support/servers.js';
import { CONNECTIONS, HEADER, alternate, load, row, signedQuery, startServer, summary, watchMachine } from './support/load.js';
import type { LoadResult } from './support/load.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? process.env['BENCH_AUDIT_ROUNDS'] ?? 10);
const ROUND_SECONDS = Number(process.env['BENCH_ROUND_SECONDS'] ?? process.env['BENCH_AUDIT_SECONDS'] ?? 2);
const MIXED_RATE = Number(process.env['BENCH_MIXED_RATE'] ?? 2000);

const bare = await startServer('bare');
const sigv4Floor = await startServer('sigv4-floor');
const gatehouse = await startServer('gatehouse', { BENCH_SEED_USERS: '60' });
const auditOff = await startServer('gatehouse', { BENCH_SEED_USERS: '1', GATEHOUSE_AUDIT: 'off' });
try {
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const tagUser = 'Action=TagUser&UserName=seed-000000&Tags.member.1.Key=bench&Tags.member.1.Value=on&Version=2010-05-08';
  const workloads = {
    bare: { port: bare.port, request: await signedQuery(bare.port, 'sts', body, BENCH_KEYS) },
    floor: { port: sigv4Floor.port, request: await signedQuery(sigv4Floor.port, 'sts', body, BENCH_KEYS) },
    readOn: { port: gatehouse.port, request: await signedQuery(gatehouse.port, 'sts', body, BENCH_KEYS) },
    readOff: { port: auditOff.port, request: await signedQuery(auditOff.port, 'sts', body, BENCH_KEYS) },
    getUser: { port: gatehouse.port, request: await signedQuery(gatehouse.port, 'iam', 'Action=GetUser&UserName=seed-000007&Version=2010-05-08', BENCH_KEYS) },
    listUsers: { port: gatehouse.port, request: await signedQuery(gatehouse.port, 'iam', 'Action=ListUsers&MaxItems=51&Version=2010-05-08', BENCH_KEYS) },
  };
  const writes = {
    writeOn: { port: gatehouse.port, request: await signedQuery(gatehouse.port, 'iam', tagUser, BENCH_KEYS) },
    writeOff: { port: auditOff.port, request: await signedQuery(auditOff.port, 'iam', tagUser, BENCH_KEYS) },
  };
  for (const w of [...Object.values(workloads), ...Object.values(writes)]) await load(w.port, w.request, 1);
  const machine = watchMachine();
  const reads = await alternate(workloads, ROUNDS, ROUND_SECONDS);
  const written = await alternate(writes, ROUNDS, ROUND_SECONDS);
  const paced = { connections: 20, rate: MIXED_RATE };
  const alone: LoadResult[] = [],
    beside: LoadResult[] = [],
    besideWrites: LoadResult[] = [];
  for (let round = 0; round < Math.max(1, Math.floor(ROUNDS / 2)); round++) {
    alone.push(await load(gatehouse.port, workloads.readOn.request, ROUND_SECONDS, paced));
    const [r, w] = await Promise.all([
      load(gatehouse.port, workloads.readOn.request, ROUND_SECONDS, paced),
      load(gatehouse.port, writes.writeOn.request, ROUND_SECONDS, { connections: 10 }),
    ]);
    beside.push(r);
    besideWrites.push(w);
  }
  const mixed = { alone: summary(alone), beside: summary(beside), writes: summary(besideWrites) };
  const floor = reads.bare;
  const machineLoad = machine();
  console.log(`\nbench:http — ${CONNECTIONS} connections, autocannon on loopback, one server process each;`);
  console.log(`mean of ${ROUNDS} alternating rounds of ${ROUND_SECONDS}s per workload (latency: median round)`);
  console.log(HEADER);
  console.log(row('bare node:http (static 500 B XML)', floor));
  console.log(row('SigV4 floor (verify + answer, nothing else)', reads.floor, floor));
  console.log(row('gatehouse sts:GetCallerIdentity, audit on', reads.readOn, floor));
  console.log(row('  same, GATEHOUSE_AUDIT=off', reads.readOff, floor));
  console.log(row('gatehouse iam:GetUser (one user)', reads.getUser, floor));
  console.log(row('gatehouse iam:ListUsers (51 users)', reads.listUsers, floor));
  console.log(row('gatehouse iam:TagUser (signed mutation)', written.writeOn, floor));
  console.log(row('  same, GATEHOUSE_AUDIT=off', written.writeOff, floor));
  console.log(row(`GetCallerIdentity at ${MIXED_RATE}/s, alone`, mixed.alone));
  console.log(row('  same, beside TagUser on 10 connections', mixed.beside));
  console.log(row('  (those TagUser writes)', mixed.writes));
  console.log(
    `GetCallerIdentity ${(reads.readOn.rps / reads.floor.rps).toFixed(3)} of the SigV4 floor (target ≥ 0.90), p99 ${reads.readOn.p99} ms against the floor's ${reads.floor.p99} ms (${(reads.readOn.p99 / Math.max(1, reads.floor.p99)).toFixed(2)}×, target ≤ 1.5×); SigV4 floor ${(reads.floor.rps / floor.rps).toFixed(3)} of bare`,
  );
  console.log(
    `IAM reads: GetUser ${(reads.getUser.rps / reads.readOn.rps).toFixed(3)} of GetCallerIdentity (target ≥ 0.75), ListUsers of 51 ${(reads.listUsers.rps / reads.readOn.rps).toFixed(3)} (target ≥ 0.40)`,
  );
  console.log(machineLoad);
  console.log(
    `reads beside writes: p99 ${mixed.beside.p99} ms against ${mixed.alone.p99} ms alone (${(mixed.beside.p99 / Math.max(1, mixed.alone.p99)).toFixed(2)}×, target ≤ 1.5×), ${mixed.writes.rps.toFixed(0)} writes/s; TagUser p99 ${written.writeOn.p99} ms (target ≤ 25 ms)`,
  );
  console.log(
    `audit on/off: GetCallerIdentity ${(reads.readOn.rps / reads.readOff.rps).toFixed(3)}, TagUser ${(written.writeOn.rps / written.writeOff.rps).toFixed(3)} (target ≥ 0.90)`,
  );
} finally {
  bare.stop();
  sigv4Floor.stop();
  gatehouse.stop();
  auditOff.stop();
}
