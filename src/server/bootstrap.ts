import { writeFile, chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { newAccessKeyId, newAccountId, newSecretAccessKey, rootArn } from '../model/index.js';
import type { Store } from '../store/index.js';
import type { ServerConfig } from './config.js';

/** The state a fresh deployment starts from: the management account and its root key. */
export interface BootstrapState {
  readonly accountId: string;
  readonly rootAccessKeyId: string;
  /** Known only in the process that created the key (or from configuration); never stored in clear. */
  readonly rootSecretAccessKey?: string;
  /** True when this call created the account (first start). */
  readonly created: boolean;
}

const BOOTSTRAP_KEY = 'bootstrap';

/**
 * The management account's email address when none is configured. AWS: every account has one
 * (Organizations returns it as `MasterAccountEmail` and the account's `Email`); this one is in
 * the `.invalid` domain (RFC 2606), so it can never reach anybody.
 */
export const defaultAccountEmail = (accountId: string): string => `root@${accountId}.gatehouse.invalid`;

async function readMarker(store: Store, config: ServerConfig): Promise<BootstrapState | undefined> {
  const existing = await store.kv.get(BOOTSTRAP_KEY);
  if (existing === undefined) return undefined;
  const marker = JSON.parse(existing) as { accountId: string; rootAccessKeyId: string };
  return { ...marker, created: false, ...(config.rootSecretAccessKey !== undefined ? { rootSecretAccessKey: config.rootSecretAccessKey } : {}) };
}

/**
 * On first start with empty storage: create the management account and its root user with one
 * access key. Idempotent: later starts find the marker and change nothing. On PostgreSQL several
 * nodes may start at once; the marker row's primary key makes exactly one of them win.
 */
export async function bootstrap(
  store: Store,
  config: ServerConfig,
  fixed?: { accountId: string; rootAccessKeyId: string; rootSecretAccessKey: string },
): Promise<BootstrapState> {
  const existing = await readMarker(store, config);
  if (existing !== undefined) return existing;
  const accountId = fixed?.accountId ?? config.accountId ?? newAccountId();
  const rootAccessKeyId = fixed?.rootAccessKeyId ?? config.rootAccessKeyId ?? newAccessKeyId(false, accountId);
  const rootSecretAccessKey = fixed?.rootSecretAccessKey ?? config.rootSecretAccessKey ?? newSecretAccessKey();
  const won = await store.transaction(async (tx) => {
    if (!(await tx.kv.setIfAbsent(BOOTSTRAP_KEY, JSON.stringify({ accountId, rootAccessKeyId })))) return false;
    await tx.accounts.create({ id: accountId, name: 'management', email: config.accountEmail ?? defaultAccountEmail(accountId) });
    await tx.accessKeys.create({ accessKeyId: rootAccessKeyId, accountId, userName: null, secretAccessKey: rootSecretAccessKey, status: 'Active' });
    return true;
  });
  if (!won) return (await readMarker(store, config))!;
  return { accountId, rootAccessKeyId, rootSecretAccessKey, created: true };
}

/**
 * Writes the root credentials once to `<dataDir>/root-credentials` (mode 0600) as an AWS CLI
 * profile, and returns the text to show the operator.
 */
export async function writeRootCredentials(dataDir: string, state: BootstrapState, endpoint: string, region: string): Promise<{ path: string; text: string }> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, 'root-credentials');
  const text = [
    `# Gatehouse root user credentials for account ${state.accountId} (${rootArn(state.accountId)}).`,
    '# Shown once. Use them to create an administrator, then stop using root keys.',
    `# As an AWS CLI profile: append the lines below to ~/.aws/credentials, then run`,
    `#   aws --profile gatehouse-root --endpoint-url ${endpoint} sts get-caller-identity`,
    '[gatehouse-root]',
    `aws_access_key_id = ${state.rootAccessKeyId}`,
    `aws_secret_access_key = ${state.rootSecretAccessKey ?? ''}`,
    `region = ${region}`,
    '',
  ].join('\n');
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
  return { path, text };
}
