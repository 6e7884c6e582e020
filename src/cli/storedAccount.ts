import type { AccountExport } from '../analysis/exports/index.js';
import { AccountNotFound } from './analyze.js';

/** Reads an account of the data directory's store as an export (placeholder until the store reader lands). */
export async function readStoredAccount(accountId: string, _options: { dataDir: string | undefined; database: string | undefined }): Promise<AccountExport> {
  throw new AccountNotFound(`account ${accountId}: reading accounts from the store is not available yet`);
}
