/**
 * One phase of the posture benchmark, in a process of its own so that its peak RSS is its own:
 * `import DIR DATA_DIR`, `analyze DIR` (the export's files) or `stored ACCOUNT DATA_DIR` (an
 * imported account). Prints one JSON line: seconds, peak RSS in bytes, and what it did.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccountExport } from '../../src/analysis/exports/index.js';
import { analyzeAccount } from '../../src/analysis/posture/index.js';
import { gatehouseManagedPolicy } from '../../src/cli/analyze.js';
import { readAccountExport } from '../../src/cli/exportFiles.js';
import { importAccount, readAccountExport as readStored } from '../../src/services/gatehouse/index.js';
import { openStore } from '../../src/store/index.js';

const [phase, first, second] = process.argv.slice(2);
const started = process.hrtime.bigint();
let detail: Record<string, unknown> = {};
const filesOf = async (dir: string) => (await readdir(dir)).sort().map((name) => join(dir, name));

if (phase === 'import') {
  const account = await readAccountExport(await filesOf(first!));
  const store = await openStore({ dataDir: second! });
  const summary = await importAccount(store, account);
  await store.close();
  detail = { versions: summary.policyVersions };
} else if (phase === 'analyze' || phase === 'stored') {
  let account: AccountExport | undefined;
  if (phase === 'analyze') account = await readAccountExport(await filesOf(first!));
  else {
    const store = await openStore({ dataDir: second! });
    account = await readStored(store, first!);
    await store.close();
  }
  const report = await analyzeAccount(account!, { awsManagedPolicy: gatehouseManagedPolicy });
  detail = {
    findings: report.summary,
    administrators: report.administrators.length,
    paths: report.findings.filter((f) => f.path !== undefined).length,
    escalation: report.escalation,
  };
} else throw new Error(`unknown phase ${phase}`);

const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${JSON.stringify({ seconds, rss: process.resourceUsage().maxRSS * 1024, ...detail })}\n`);
