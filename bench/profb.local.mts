// Local profiling driver (not committed): node --import tsx bench/prof.local.ts <workload> [seconds]
import { readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { load, signedQuery } from '/work/main/bench/support/load.ts';
import { BENCH_ACCOUNT, BENCH_KEYS } from '/work/main/bench/support/servers.ts';

const workload = process.argv[2] ?? 'gci';
const seconds = Number(process.argv[3] ?? 8);
const dir = `/tmp/profb-${workload}`;
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir);
const SERVERS = '/work/main/.bench/build/bench/support/servers.js';
const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', '/work/wt-before/bench/support/servers.ts', 'gatehouse'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_SEED_USERS: '60' } });
const port: number = await new Promise((resolve) => {
  let out = '';
  child.stdout!.on('data', (c: Buffer) => { out += c; const m = /READY (\d+)/.exec(out); if (m) resolve(Number(m[1])); });
});
const bodies: Record<string, [string, string]> = {
  gci: ['sts', 'Action=GetCallerIdentity&Version=2011-06-15'],
  getuser: ['iam', 'Action=GetUser&UserName=seed-000001&Version=2010-05-08'],
  listusers: ['iam', 'Action=ListUsers&MaxItems=51&Version=2010-05-08'],
  taguser: ['iam', 'Action=TagUser&UserName=seed-000000&Tags.member.1.Key=bench&Tags.member.1.Value=on&Version=2010-05-08'],
};
let keys: { accessKeyId: string; secretAccessKey: string } = BENCH_KEYS;
if (workload === 'assume') {
  const { IAMClient, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand } = await import('@aws-sdk/client-iam');
  const iam = new IAMClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: BENCH_KEYS });
  await iam.send(new CreateUserCommand({ UserName: 'bench-assumer' }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'bench-assumer', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bench-assumer' }))).AccessKey!;
  keys = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${BENCH_ACCOUNT}:user/bench-assumer` }, Action: 'sts:AssumeRole' }] };
  await iam.send(new CreateRoleCommand({ RoleName: 'bench-role', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  bodies.assume = ['sts', `Action=AssumeRole&RoleArn=${encodeURIComponent(`arn:aws:iam::${BENCH_ACCOUNT}:role/bench-role`)}&RoleSessionName=bench&Version=2011-06-15`];
}
const [service, body] = bodies[workload]!;
if (process.env.NOPROF) {}
const request = await signedQuery(port, service as 'sts' | 'iam', body, keys);
await load(port, request, 3);
const result = await load(port, request, seconds);
console.log(workload, result);
child.kill('SIGTERM');
await new Promise((r) => child.on('exit', r));
const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
const busyOf = (f: string) => { const p = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as { nodes: { hitCount: number; callFrame: { functionName: string } }[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }; let idle = 0, all = 0; for (const n of p.nodes) { all += n.hitCount; if (n.callFrame.functionName === '(idle)') idle += n.hitCount; } const interval = (p.endTime - p.startTime) / p.samples.length; return { f, busyMs: ((all - idle) * interval) / 1000, all }; };
const threads = files.map(busyOf).sort((a, b) => b.all - a.all);
for (const t of threads) console.log(`thread ${t.f}: busy ${t.busyMs.toFixed(0)} ms`);
console.log(`main-thread CPU per request (whole run incl. warm-up and start): ${((threads[0]!.busyMs * 1000) / (result.total * (1 + 3 / seconds))).toFixed(1)} µs; all threads ${((threads.reduce((a, t) => a + t.busyMs, 0) * 1000) / (result.total * (1 + 3 / seconds))).toFixed(1)} µs`);
const file = threads[Number(process.env.THREAD ?? 0)]!.f;
type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number; children?: number[] };
const prof = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as { nodes: Node[] };
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n: Node) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\/(node_modules\/[^/]+|src|bench)\//, '$1/')}:${n.callFrame.lineNumber}`;
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
for (const n of prof.nodes) {
  total += n.hitCount;
  self.set(label(n), (self.get(label(n)) ?? 0) + n.hitCount);
  const seen = new Set<string>();
  for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
    const l = label(byId.get(id)!);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + n.hitCount);
  }
}
const busy = total - (self.get('(idle) :-1') ?? 0);
console.log(`busy samples ${busy} of ${total}`);
console.log('top self (% of busy):');
for (const [k, v] of [...self].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(((v / busy) * 100).toFixed(1).padStart(5), k);
console.log('top inclusive, ours (% of busy):');
for (const [k, v] of [...inclusive].filter(([k]) => / src\//.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(((v / busy) * 100).toFixed(1).padStart(5), k);

const byFile = new Map<string, number>();
for (const n of prof.nodes) {
  const url = n.callFrame.url;
  const key = url === '' ? n.callFrame.functionName : url.replace(/^.*\/(node_modules\/(@[^/]+\/)?[^/]+|src\/[^/]+|bench)\/.*$/, '$1').replace(/^node:.*/, 'node:internal');
  byFile.set(key, (byFile.get(key) ?? 0) + n.hitCount);
}
console.log('self by area (% of busy):');
for (const [k, v] of [...byFile].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(((v / busy) * 100).toFixed(1).padStart(5), k);
const focus = process.env.FOCUS;
if (focus) {
  const callers = new Map<string, number>();
  for (const n of prof.nodes) {
    if (n.callFrame.functionName !== focus || n.hitCount === 0) continue;
    const chain: string[] = [];
    for (let id = parent.get(n.id), k = 0; id !== undefined && k < 5; id = parent.get(id), k++) chain.push(label(byId.get(id)!));
    const key = chain.join(' < ');
    callers.set(key, (callers.get(key) ?? 0) + n.hitCount);
  }
  console.log(`callers of ${focus}:`);
  for (const [k, v] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(((v / busy) * 100).toFixed(1).padStart(5), k);
}
