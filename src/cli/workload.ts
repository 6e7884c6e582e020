import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { AuditRecorder } from '../audit/index.js';
import { workloadTokenHash } from '../auth/index.js';
import { parseArn } from '../model/index.js';
import { openStore, SQLITE_FILE } from '../store/index.js';
import type { Store, WorkloadTokenRecord } from '../store/index.js';

export const WORKLOAD_USAGE = `Usage: gatehouse workload <issue|list|revoke> [options]

Workload tokens let a process or a container get a role's credentials from Gatehouse's container
credentials endpoint, with every AWS SDK's default credential chain and no long-term key:

  AWS_CONTAINER_CREDENTIALS_FULL_URI=<endpoint>/workload/credentials
  AWS_CONTAINER_AUTHORIZATION_TOKEN=<token>

The role's trust policy must allow the service principal ecs-tasks.amazonaws.com sts:AssumeRole.
A token is shown once, when issued; Gatehouse stores only its SHA-256.

  issue    --role-arn <arn> --expires <time>   issue a token for the role; --expires is an ISO-8601 time
           [--description <text>]              or a duration from now (90m, 12h, 30d)
           [--endpoint <url>]                  Gatehouse's address to print the variables for
                                               (default http://127.0.0.1:4747)
  list     [--account <id>]                    list tokens (never the tokens themselves)
  revoke   <token-id>                          revoke a token: no new credentials for it

Options:
  --data-dir <dir>     data directory            GATEHOUSE_DATA_DIR      (default ./.gatehouse)
  --database <url>     postgres://… (default: the SQLite file in the data directory)
`;

/** A bad invocation: printed without a stack, exit code 2. */
class UsageError extends Error {}

const DURATION = /^(\d+)(m|h|d)$/;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--expires`: an ISO-8601 time or a duration from now; must be in the future. */
export function parseExpiry(text: string, now: Date): Date {
  const duration = DURATION.exec(text);
  const at = duration !== null ? new Date(now.getTime() + Number(duration[1]) * UNIT_MS[duration[2]!]!) : new Date(Date.parse(text));
  if (Number.isNaN(at.getTime())) throw new UsageError(`--expires \`${text}\` is neither an ISO-8601 time nor a duration such as 12h or 30d`);
  if (at.getTime() <= now.getTime()) throw new UsageError(`--expires \`${text}\` is not in the future`);
  return at;
}

async function withStore<T>(flags: { 'data-dir'?: string | undefined; database?: string | undefined }, fn: (store: Store) => Promise<T>): Promise<T> {
  const dataDir = resolve(flags['data-dir'] ?? process.env['GATEHOUSE_DATA_DIR'] ?? '.gatehouse');
  const databaseUrl = flags.database ?? process.env['GATEHOUSE_DATABASE_URL'];
  if (!databaseUrl && !existsSync(join(dataDir, SQLITE_FILE))) throw new UsageError(`no Gatehouse database in \`${dataDir}\` (pass --data-dir or --database)`);
  const store = await openStore({ dataDir, ...(databaseUrl ? { databaseUrl } : {}), masterKey: process.env['GATEHOUSE_MASTER_KEY'] || undefined });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Who ran the command, as the audit record names the caller. */
function operator(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (a container): the host name alone.
  }
  return `${user}@${hostname()}`;
}

/**
 * Runs a change and its audit record in one transaction, then chains the record. The caller is the
 * operator at the Gatehouse host (CloudTrail's `Unknown` identity, named `<user>@<host>`).
 */
async function audited<T>(
  store: Store,
  call: { accountId: string; operation: string; id: string; now: Date; region: string; input: Record<string, unknown> },
  change: (tx: Store) => Promise<{ result: T; output: Record<string, unknown> }>,
): Promise<T> {
  const recorder = new AuditRecorder(store, pino({ level: 'silent' }));
  const by = operator();
  const result = await store.transaction(async (tx) => {
    const { result, output } = await change(tx);
    await recorder.recordInTransaction(tx, {
      principal: {
        type: 'Workload',
        accountId: call.accountId,
        arn: '',
        userId: by,
        workload: { kind: 'workload-token', id: by, name: by, issuer: 'gatehouse-cli' },
      },
      service: 'gatehouse',
      operation: call.operation,
      region: call.region,
      sourceIp: '127.0.0.1',
      userAgent: 'gatehouse-cli',
      requestId: call.id,
      time: call.now,
      readOnly: false,
      input: call.input,
      output,
    });
    return result;
  });
  recorder.committed();
  await recorder.flush();
  return result;
}

/** Issues a token for a role, audited; returns its record and the token (shown once). */
export async function issueWorkloadToken(
  store: Store,
  request: { roleArn: string; expiresAt: Date; description: string; now: Date; region: string },
): Promise<{ record: WorkloadTokenRecord; token: string }> {
  const arn = parseArn(request.roleArn);
  if (arn === undefined || arn.service !== 'iam' || !arn.resource.startsWith('role/')) throw new UsageError(`\`${request.roleArn}\` is not a role ARN`);
  const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
  const role = await store.roles.get(arn.accountId, name);
  if (role === undefined || role.arn !== request.roleArn) throw new UsageError(`no role \`${request.roleArn}\``);
  const tokenId = `wkt-${randomBytes(10).toString('hex')}`;
  const token = `ghwt.${tokenId}.${randomBytes(32).toString('base64url')}`;
  const input = { RoleArn: role.arn, Expires: request.expiresAt, Description: request.description };
  const record = await audited(
    store,
    { accountId: role.accountId, operation: 'IssueWorkloadToken', id: tokenId, now: request.now, region: request.region, input },
    async (tx) => ({
      result: await tx.workloadTokens.create({
        tokenId,
        accountId: role.accountId,
        roleArn: role.arn,
        description: request.description,
        tokenHash: workloadTokenHash(token),
        createdAt: request.now.toISOString(),
        expiresAt: request.expiresAt.toISOString(),
      }),
      output: { TokenId: tokenId, Expiration: request.expiresAt },
    }),
  );
  return { record, token };
}

/** Revokes a token, audited; false when there is no active token of that ID. */
export async function revokeWorkloadToken(store: Store, tokenId: string, now: Date, region: string): Promise<boolean> {
  const token = await store.workloadTokens.get(tokenId);
  if (token === undefined || token.revokedAt !== null) return false;
  return audited(
    store,
    { accountId: token.accountId, operation: 'RevokeWorkloadToken', id: tokenId, now, region, input: { TokenId: tokenId } },
    async (tx) => ({
      result: await tx.workloadTokens.revoke(tokenId, now.toISOString()),
      output: { TokenId: tokenId, RoleArn: token.roleArn },
    }),
  );
}

function describe(t: WorkloadTokenRecord, now: Date): string {
  const state = t.revokedAt !== null ? `revoked ${t.revokedAt}` : Date.parse(t.expiresAt) <= now.getTime() ? 'expired' : 'active';
  return `${t.tokenId}\t${t.roleArn}\t${state}\texpires ${t.expiresAt}\tlast used ${t.lastUsedAt ?? 'never'}\t${t.description}`;
}

/** `gatehouse workload …`: returns the process exit code. */
export async function workloadCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (action === undefined || action === '--help' || action === '-h' || rest.includes('--help')) {
    process.stdout.write(WORKLOAD_USAGE);
    return action === undefined ? 2 : 0;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        'role-arn': { type: 'string' },
        expires: { type: 'string' },
        description: { type: 'string' },
        endpoint: { type: 'string' },
        account: { type: 'string' },
        'data-dir': { type: 'string' },
        database: { type: 'string' },
      },
      strict: true,
    });
    const now = new Date();
    switch (action) {
      case 'issue': {
        const roleArn = values['role-arn'];
        if (roleArn === undefined) throw new UsageError('--role-arn is required');
        if (values.expires === undefined) throw new UsageError('--expires is required (an ISO-8601 time, or a duration such as 12h or 30d)');
        const expiresAt = parseExpiry(values.expires, now);
        const region = process.env['GATEHOUSE_REGION'] || 'us-east-1';
        const { record, token } = await withStore(values, (store) =>
          issueWorkloadToken(store, { roleArn, expiresAt, description: values.description ?? '', now, region }),
        );
        const endpoint = (values.endpoint ?? 'http://127.0.0.1:4747').replace(/\/$/, '');
        process.stdout.write(
          `# workload token ${record.tokenId} for ${record.roleArn}, expires ${record.expiresAt}; it is shown only now\n` +
            `AWS_CONTAINER_CREDENTIALS_FULL_URI=${endpoint}/workload/credentials\n` +
            `AWS_CONTAINER_AUTHORIZATION_TOKEN=${token}\n`,
        );
        return 0;
      }
      case 'list': {
        const tokens = await withStore(values, (store) => store.workloadTokens.list(values.account));
        for (const t of tokens) process.stdout.write(`${describe(t, now)}\n`);
        return 0;
      }
      case 'revoke': {
        const tokenId = positionals[0];
        if (tokenId === undefined) throw new UsageError('revoke needs the token ID (gatehouse workload list shows them)');
        const revoked = await withStore(values, (store) => revokeWorkloadToken(store, tokenId, now, process.env['GATEHOUSE_REGION'] || 'us-east-1'));
        if (!revoked) {
          process.stderr.write(`gatehouse: no active workload token \`${tokenId}\`\n`);
          return 1;
        }
        process.stdout.write(`revoked ${tokenId}\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown action \`${action}\` (expected issue, list or revoke)`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`gatehouse: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
