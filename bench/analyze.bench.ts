/**
 * Posture benchmark: import and full analysis (best-practice checks and the escalation graph) of a
 * generated export of 5,000 roles, 2,000 users and 20,000 customer managed policies (in the AWS
 * CLI's form). Each phase runs in a process of its own, as the commands do (`gatehouse import`,
 * `gatehouse analyze FILE…`, `gatehouse analyze --account`), and reports its time and peak RSS.
 * Targets: import under 30 s, analysis under 60 s, each process's peak RSS ≤ 1 GiB.
 * Run: npm run bench:analyze (BENCH_ROLES, BENCH_USERS, BENCH_POLICIES change the size).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateExport } from '../test/support/exportGenerator.js';

const ROLES = Number(process.env['BENCH_ROLES'] ?? 5000);
const USERS = Number(process.env['BENCH_USERS'] ?? 2000);
const POLICIES = Number(process.env['BENCH_POLICIES'] ?? 20000);
const GiB = 1024 ** 3;
const PHASE = fileURLToPath(new URL('./support/analyzePhase.ts', import.meta.url));
const run = promisify(execFile);

interface PhaseResult {
  readonly seconds: number;
  readonly rss: number;
  readonly findings?: { total: number; critical: number; high: number };
  readonly administrators?: number;
  readonly paths?: number;
  readonly escalation?: { principals: number; evaluations: number; milliseconds: number };
}

async function phase(...args: string[]): Promise<PhaseResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', PHASE, ...args], { maxBuffer: 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as PhaseResult;
}

const dir = await mkdtemp(join(tmpdir(), 'gatehouse-bench-export-'));
const dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-bench-data-'));
try {
  let bytes = 0;
  let accountId: string;
  {
    const generated = generateExport({ users: USERS, roles: ROLES, policies: POLICIES });
    accountId = generated.accountId;
    for (const [name, text] of Object.entries(generated.files)) {
      await writeFile(join(dir, name), text);
      bytes += (await stat(join(dir, name))).size;
    }
  }
  const imported = await phase('import', dir, dataDir);
  const analysed = await phase('analyze', dir);
  const stored = await phase('stored', accountId, dataDir);
  const mib = (b: number) => `${(b / 1024 ** 2).toFixed(0)} MiB`;
  const rows: [string, string][] = [
    ['export', `${USERS} users, ${ROLES} roles, ${POLICIES} customer managed policies, ${(bytes / 1e6).toFixed(1)} MB`],
    ['gatehouse import (read, check, write SQLite; target < 30 s)', `${imported.seconds.toFixed(1)} s, peak RSS ${mib(imported.rss)}`],
    ['gatehouse analyze FILE… (target < 60 s)', `${analysed.seconds.toFixed(1)} s, peak RSS ${mib(analysed.rss)}`],
    ['gatehouse analyze --account (the imported account)', `${stored.seconds.toFixed(1)} s, peak RSS ${mib(stored.rss)}`],
    [
      'findings',
      `${analysed.findings!.total} (${analysed.findings!.critical} critical, ${analysed.findings!.high} high); ${analysed.administrators} administrators, ${analysed.paths} escalation paths`,
    ],
    [
      'escalation graph',
      `${analysed.escalation!.principals} principals, ${analysed.escalation!.evaluations} engine decisions, ${(analysed.escalation!.milliseconds / 1000).toFixed(1)} s`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log('posture import and analysis benchmark');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  if (stored.findings!.total !== analysed.findings!.total) console.log('  MISMATCH: the imported account and its files give different findings');
  const met = imported.seconds < 30 && analysed.seconds < 60 && Math.max(imported.rss, analysed.rss, stored.rss) <= GiB;
  console.log(met ? '  targets met' : '  TARGET MISSED');
} finally {
  await rm(dir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
}
