import { createWriteStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { formatFinding, verifyRecords } from '../audit/index.js';
import { verifyTrail } from '../audit/index.js';
import { openStore, SQLITE_FILE } from '../store/index.js';
import type { Store } from '../store/index.js';

export const AUDIT_USAGE = `Usage: gatehouse audit <verify|export> [options]

  verify   check the stored records' hash chain and each trail's digests and log files;
           prints one line per finding and exits 1 if there is any, 0 when everything verifies
  export   write the stored records as JSON lines (one CloudTrail record per line)

Options:
  --data-dir <dir>     data directory            GATEHOUSE_DATA_DIR      (default ./.gatehouse)
  --database <url>     postgres://… (default: the SQLite file in the data directory)
  --start <ISO time>   only records (and digests) from this time
  --end <ISO time>     only records (and digests) up to this time
  --trail <name>       verify: only this trail's files (default: every trail)
  --out <file>         export: write here instead of standard output
`;

/** A bad invocation: printed without a stack, exit code 2. */
class UsageError extends Error {}

interface Flags {
  'data-dir'?: string | undefined;
  database?: string | undefined;
  start?: string | undefined;
  end?: string | undefined;
  trail?: string | undefined;
  out?: string | undefined;
}

function isoSecond(text: string | undefined, flag: string): string | undefined {
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new UsageError(`--${flag} \`${text}\` is not an ISO-8601 time`);
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function withStore<T>(flags: Flags, fn: (store: Store, dataDir: string) => Promise<T>): Promise<T> {
  const dataDir = resolve(flags['data-dir'] ?? process.env['GATEHOUSE_DATA_DIR'] ?? '.gatehouse');
  const databaseUrl = flags.database ?? process.env['GATEHOUSE_DATABASE_URL'];
  if (!databaseUrl && !existsSync(join(dataDir, SQLITE_FILE))) throw new UsageError(`no Gatehouse database in \`${dataDir}\` (pass --data-dir or --database)`);
  const store = await openStore({ dataDir, ...(databaseUrl ? { databaseUrl } : {}), masterKey: process.env['GATEHOUSE_MASTER_KEY'] || undefined });
  try {
    return await fn(store, dataDir);
  } finally {
    await store.close();
  }
}

/**
 * Says on stderr how many records wait in the audit inbox: committed with their mutations, not yet
 * chained (a server stopped by a crash chains them when it next starts). Neither verified nor exported.
 */
async function noteInbox(store: Store): Promise<void> {
  const count = await store.auditEvents.inboxSize();
  if (count > 0)
    process.stderr.write(`gatehouse: ${count} records wait in the audit inbox and are not yet chained; the server chains them when it next runs\n`);
}

/** `gatehouse audit verify`: returns the process exit code. */
async function verify(flags: Flags): Promise<number> {
  const range = {
    ...(flags.start !== undefined ? { start: isoSecond(flags.start, 'start')! } : {}),
    ...(flags.end !== undefined ? { end: isoSecond(flags.end, 'end')! } : {}),
  };
  return withStore(flags, async (store, dataDir) => {
    const lines: string[] = [];
    const records = await verifyRecords(store, range);
    lines.push(...records.findings.map(formatFinding));
    let digests = 0;
    let logFiles = 0;
    const trails = (await store.trails.list()).filter((t) => flags.trail === undefined || t.name === flags.trail);
    if (flags.trail !== undefined && trails.length === 0) {
      process.stderr.write(`gatehouse: no trail named \`${flags.trail}\`\n`);
      return 2;
    }
    for (const trail of trails) {
      const result = await verifyTrail(store, dataDir, trail, range);
      lines.push(...result.findings.map(formatFinding));
      digests += result.digests;
      logFiles += result.logFiles;
    }
    for (const line of lines) process.stdout.write(`${line}\n`);
    await noteInbox(store);
    const summary = `${records.checked} records, ${trails.length} trails, ${digests} digest files, ${logFiles} log files`;
    if (lines.length > 0) {
      process.stdout.write(`FAILED: ${lines.length} findings (${summary})\n`);
      return 1;
    }
    process.stdout.write(`OK: ${summary} verified\n`);
    return 0;
  });
}

/** `gatehouse audit export`: JSON lines in chain order. */
async function exportRecords(flags: Flags): Promise<number> {
  const start = isoSecond(flags.start, 'start');
  const end = isoSecond(flags.end, 'end');
  return withStore(flags, async (store) => {
    await noteInbox(store);
    const out = flags.out === undefined ? process.stdout : createWriteStream(flags.out, { mode: 0o600 });
    let from = 0;
    for (;;) {
      const rows = await store.auditEvents.texts(from, { start, end }, 5000);
      if (rows.length === 0) break;
      if (!out.write(rows.map((r) => `${r.record}\n`).join(''))) await once(out, 'drain');
      from = rows[rows.length - 1]!.seq;
    }
    if (out !== process.stdout) {
      out.end();
      await once(out, 'finish');
    }
    return 0;
  });
}

/** Runs `gatehouse audit …`; returns the exit code. */
export async function auditCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'help' || sub === '--help' || sub === '-h') {
    process.stdout.write(AUDIT_USAGE);
    return 0;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      'data-dir': { type: 'string' },
      database: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      trail: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  try {
    switch (sub) {
      case 'verify':
        return await verify(values);
      case 'export':
        return await exportRecords(values);
      default:
        process.stderr.write(sub === undefined ? AUDIT_USAGE : `gatehouse: unknown audit command \`${sub}\`\n\n${AUDIT_USAGE}`);
        return 2;
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`gatehouse: ${err.message}\n`);
    return 2;
  }
}
