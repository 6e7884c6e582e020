import type { AccountExport } from '../analysis/exports/index.js';
import { readAccountExport } from '../services/gatehouse/index.js';
import { AccountNotFound } from './analyze.js';
import { withStore } from './storeAccess.js';

/** Reads an account of the data directory's store, live or imported, as an export of it. */
export async function readStoredAccount(accountId: string, flags: { dataDir: string | undefined; database: string | undefined }): Promise<AccountExport> {
  return withStore(flags, async (store) => {
    const account = await readAccountExport(store, accountId);
    if (account === undefined) throw new AccountNotFound(`the data directory holds no account ${accountId}`);
    return account;
  });
}
