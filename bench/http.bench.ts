/**
 * bench:http — signed sts:GetCallerIdentity through the full pipeline (SigV4, routing, decoding,
 * authorization seam, encoding, audit seam, metrics) versus a bare node:http server returning a
 * static 500-byte XML body, both driven by the same load generator (autocannon) from this process
 * on loopback, each server in its own single process. Prints req/s, p50, p99 and the ratio.
 *
 * Targets (issue 2): ≥ 0.45 of the bare floor; p99 ≤ 10 ms at 50 connections.
 */
import { BENCH_KEYS } from './support/servers.js';
import { CONNECTIONS, DURATION, HEADER, load, row, signedQuery, startServer } from './support/load.js';

const bare = await startServer('bare');
const gatehouse = await startServer('gatehouse');
try {
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const bareRequest = await signedQuery(bare.port, 'sts', body, BENCH_KEYS);
  const ghRequest = await signedQuery(gatehouse.port, 'sts', body, BENCH_KEYS);
  await load(bare.port, bareRequest, 2);
  await load(gatehouse.port, ghRequest, 2);
  const floor = await load(bare.port, bareRequest);
  const full = await load(gatehouse.port, ghRequest);
  console.log(`\nbench:http — ${CONNECTIONS} connections, ${DURATION}s each, autocannon on loopback, one server process each`);
  console.log(HEADER);
  console.log(row('bare node:http (static 500 B XML)', floor));
  console.log(row('gatehouse sts:GetCallerIdentity (signed)', full, floor));
  console.log(`ratio ${(full.rps / floor.rps).toFixed(3)} (target ≥ 0.45); gatehouse p99 ${full.p99} ms (target ≤ 10 ms)`);
} finally {
  bare.stop();
  gatehouse.stop();
}
