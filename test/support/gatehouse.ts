import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createGatehouse, loadConfig } from '../../src/server/index.js';
import type { Gatehouse, CreateOptions } from '../../src/server/index.js';

/** Fixed credentials the test server bootstraps with (dev mode allows fixed keys). */
export const TEST_ACCOUNT_ID = '123456789012';
export const TEST_ROOT = {
  accessKeyId: 'AKIAGATEHOUSETEST001',
  secretAccessKey: 'gatehouse/test/secret/key/0123456789abcdef',
};

export interface TestServer {
  readonly gatehouse: Gatehouse;
  readonly endpoint: string;
  readonly dataDir: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  /** Closes the server; with `keepData` the data directory survives for a restart. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * A real Gatehouse on 127.0.0.1 with a random port and a SQLite file in a fresh temporary
 * directory (or `dataDir`, to restart on existing data), in dev mode with fixed root keys.
 */
export async function startTestServer(options: CreateOptions & { dataDir?: string; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'gatehouse-test-')));
  const config = loadConfig(
    { port: '0', 'data-dir': dataDir, dev: true },
    {
      GATEHOUSE_ACCOUNT_ID: TEST_ACCOUNT_ID,
      GATEHOUSE_ROOT_ACCESS_KEY_ID: TEST_ROOT.accessKeyId,
      GATEHOUSE_ROOT_SECRET_ACCESS_KEY: TEST_ROOT.secretAccessKey,
      ...options.env,
    },
  );
  const gatehouse = await createGatehouse(config, { logger: pino({ level: 'silent' }), ...options });
  const endpoint = await gatehouse.listen();
  return {
    gatehouse,
    endpoint,
    dataDir,
    credentials: { ...TEST_ROOT },
    async stop({ keepData = false } = {}) {
      await gatehouse.close();
      if (!keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
