import { parseArgs } from 'node:util';
import { ExportError } from '../analysis/exports/index.js';
import { importAccount } from '../services/gatehouse/index.js';
import { ImportConflict } from '../store/index.js';
import { DEFAULT_MAX_FILE_BYTES, parseSize, readAccountExport } from './exportFiles.js';
import { Progress } from './progress.js';
import { StoreAccessError, withStore } from './storeAccess.js';

export const IMPORT_USAGE = `Usage: gatehouse import [options] FILE…

Loads an AWS account's export into the data directory's store as a Gatehouse account with the same
account ID, ARNs, unique IDs, paths, dates, tags, boundaries, trust policies and every policy version
(and its place in its organization, with the SCPs and RCPs on its path), so that the policy simulator,
the analyzers and gatehouse analyze --account answer about it as AWS would. Imported users get no usable
secret: the credential report's passwords and access keys are kept as facts. Importing the same account
again replaces its state in one transaction; a file that cannot be read changes nothing.

FILE is what the AWS CLI prints (aws iam get-account-authorization-details is required); a directory
stands for its files. Files are recognised by their shape, not their name (docs/posture.md).

Options:
  --data-dir DIR          data directory (default ./.gatehouse; GATEHOUSE_DATA_DIR); created if empty
  --database URL          postgres://… (GATEHOUSE_DATABASE_URL)
  --max-file-size SIZE    refuse larger files (default 128MiB)
  -h, --help              this help

Import while the server is stopped, or on PostgreSQL (running nodes hear of the change); a running
server on the same SQLite file keeps what it had cached until it restarts.
Exit status: 0 imported, 2 bad usage or a file that cannot be read (nothing imported).
`;

class UsageError extends Error {}

/** `gatehouse import`: returns the exit status. */
export async function importCommand(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`gatehouse import: ${err.message}\n\n${IMPORT_USAGE}`);
      return 2;
    }
    if (err instanceof ExportError || err instanceof ImportConflict || err instanceof StoreAccessError) {
      process.stderr.write(`gatehouse import: ${err.message}; nothing was imported\n`);
      return 2;
    }
    throw err;
  }
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      database: { type: 'string' },
      'max-file-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(IMPORT_USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('name the export FILEs to import');
  const maxBytes = values['max-file-size'] === undefined ? DEFAULT_MAX_FILE_BYTES : parseSize(values['max-file-size']);
  if (maxBytes === undefined) throw new UsageError(`--max-file-size takes a size such as 256MiB, not \`${values['max-file-size']}\``);
  const progress = new Progress();
  const started = Date.now();
  const account = await readAccountExport(positionals, { maxBytes, onFile: (_f, done, total) => progress.update('reading files', done, total) });
  const summary = await withStore(
    { dataDir: values['data-dir'], database: values.database },
    (store) => importAccount(store, account, (phase, done, total) => progress.update(`importing ${phase}`, done, total)),
    { create: true },
  );
  progress.done();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `imported account ${summary.accountId}: ${summary.users} users, ${summary.groups} groups, ${summary.roles} roles, ${summary.policies} customer managed policies (${summary.policyVersions} versions)${summary.organizationId !== null ? `, in organization ${summary.organizationId}` : ''} in ${seconds} s\n`,
  );
  for (const warning of summary.warnings) process.stderr.write(`warning: ${warning}\n`);
  return 0;
}
