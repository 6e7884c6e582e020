import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ExportError, type AccountExport } from '../analysis/exports/index.js';
import type { ManagedPolicyFacts } from '../auth/policies/index.js';
import {
  analyzeAccount,
  failsAt,
  SEVERITIES,
  THRESHOLD_NAMES,
  ThresholdError,
  thresholdsOf,
  type PostureReport,
  type Severity,
} from '../analysis/posture/index.js';
import { awsManagedPolicies } from '../store/index.js';
import { renderHtml } from './analyzeHtml.js';
import { renderPostureSarif } from './analyzeSarif.js';
import { renderText } from './analyzeText.js';
import { DEFAULT_MAX_FILE_BYTES, parseSize, readAccountExport } from './exportFiles.js';
import { Progress } from './progress.js';
import { StoreAccessError } from './storeAccess.js';

export const ANALYZE_USAGE = `Usage: gatehouse analyze [--import] FILE…    analyse an AWS account's export, offline
       gatehouse analyze --account ID             analyse an account of the data directory (live or imported)

Runs the best-practice checks (CIS AWS Foundations, Security Hub and Prowler's IAM checks) and finds
privilege-escalation paths (pathfinding.cloud's IAM paths, each step decided by the policy engine).

FILE is what the AWS CLI prints (aws iam get-account-authorization-details is required; the credential
report, password policy, virtual MFA devices, account summary, server certificates, the Organizations
tree, trails, analyzers and bucket policies are read when given); a directory stands for its files.
Files are recognised by their shape, not their name (docs/posture.md).

Options:
  --import FILE…             the export's files (or give them as arguments)
  --account ID               an account of the data directory's store instead
  --data-dir DIR             data directory (default ./.gatehouse; GATEHOUSE_DATA_DIR)
  --database URL             postgres://… (GATEHOUSE_DATABASE_URL)
  --format text|json|sarif|html
                             text (default): a summary and each finding; json: the whole report;
                             sarif: SARIF 2.1.0; html: one self-contained page with the paths drawn
  --output FILE              write there instead of standard output
  --fail-on SEVERITY         exit 1 when a finding is at or above it: critical, high (default),
                             medium, low, or none
  --threshold NAME=VALUE     change a check's threshold (repeatable): ${THRESHOLD_NAMES.join(', ')}
  --max-file-size SIZE       refuse larger files (default 128MiB)
  --now TIME                 analyse as of this ISO 8601 time (default: now)
  -h, --help                 this help

Exit status: 0 no finding at or above --fail-on, 1 some, 2 bad usage or an export that cannot be read.
`;

class UsageError extends Error {}

/** `gatehouse analyze`: returns the exit status. */
export async function analyzeCommand(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (err) {
    if (
      err instanceof UsageError ||
      err instanceof ThresholdError ||
      (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      process.stderr.write(`gatehouse analyze: ${err.message}\n\n${ANALYZE_USAGE}`);
      return 2;
    }
    if (err instanceof ExportError) {
      process.stderr.write(`gatehouse analyze: ${err.message}\n`);
      return 2;
    }
    if (err instanceof AccountNotFound || err instanceof StoreAccessError) {
      process.stderr.write(`gatehouse analyze: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/** An account ID the data directory does not hold. */
export class AccountNotFound extends Error {}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      import: { type: 'string', multiple: true },
      account: { type: 'string' },
      'data-dir': { type: 'string' },
      database: { type: 'string' },
      format: { type: 'string', default: 'text' },
      output: { type: 'string' },
      'fail-on': { type: 'string', default: 'high' },
      threshold: { type: 'string', multiple: true },
      'max-file-size': { type: 'string' },
      now: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(ANALYZE_USAGE);
    return 0;
  }
  const format = values.format;
  if (!['text', 'json', 'sarif', 'html'].includes(format)) throw new UsageError(`--format must be text, json, sarif or html, not \`${format}\``);
  const failOn = values['fail-on'];
  if (failOn !== 'none' && !SEVERITIES.includes(failOn as Severity))
    throw new UsageError(`--fail-on must be critical, high, medium, low or none, not \`${failOn}\``);
  const overrides: Record<string, string> = {};
  for (const entry of values.threshold ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new UsageError(`--threshold takes NAME=VALUE, not \`${entry}\``);
    overrides[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const thresholds = thresholdsOf(overrides);
  const maxBytes = values['max-file-size'] === undefined ? DEFAULT_MAX_FILE_BYTES : parseSize(values['max-file-size']);
  if (maxBytes === undefined) throw new UsageError(`--max-file-size takes a size such as 256MiB, not \`${values['max-file-size']}\``);
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now takes an ISO 8601 time, not \`${values.now}\``);
  const files = [...(values.import ?? []), ...positionals];
  if (files.length === 0 && values.account === undefined) throw new UsageError('name the export FILEs to analyse, or --account ID');
  if (values.account !== undefined && !/^\d{12}$/.test(values.account))
    throw new UsageError(`--account takes a 12-digit account ID, not \`${values.account}\``);

  const progress = new Progress();
  let account: AccountExport;
  if (files.length > 0) {
    account = await readAccountExport(files, { maxBytes, onFile: (_f, done, total) => progress.update('reading files', done, total) });
    if (values.account !== undefined && values.account !== account.accountId) {
      throw new ExportError(files[0]!, '', `files of account ${values.account} (--account), but they describe account ${account.accountId}`);
    }
  } else {
    const { readStoredAccount } = await import('./storedAccount.js');
    account = await readStoredAccount(values.account!, { dataDir: values['data-dir'], database: values.database });
  }
  const report = await analyzeAccount(account, {
    now,
    thresholds,
    awsManagedPolicy: gatehouseManagedPolicy,
    progress: (phase, done, total) => progress.update(phase, done, total),
  });
  progress.done();
  const text = render(report, format, values.output === undefined && process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined);
  if (values.output !== undefined) await writeFile(values.output, text);
  else process.stdout.write(text);
  return failOn !== 'none' && failsAt(report.findings, failOn as Severity) ? 1 : 0;
}

function render(report: PostureReport, format: string, colour: boolean): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'sarif':
      return renderPostureSarif(report, packageVersion());
    case 'html':
      return renderHtml(report);
    default:
      return renderText(report, colour);
  }
}

/** AWS managed policies an export names but does not list, from Gatehouse's copy of them. */
export function gatehouseManagedPolicy(arn: string): ManagedPolicyFacts | undefined {
  const policy = awsManagedPolicies.get(arn);
  if (policy === undefined) return undefined;
  const version = awsManagedPolicies.version(arn, policy.defaultVersionId);
  if (version === undefined) return undefined;
  return { arn, policyId: policy.policyId, name: policy.name, awsManaged: true, defaultVersionId: policy.defaultVersionId, document: version.document };
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export { SEVERITIES };
