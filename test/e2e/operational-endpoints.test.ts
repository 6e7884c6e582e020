import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createGatehouse, loadConfig } from '../../src/server/index.js';
import type { Gatehouse } from '../../src/server/index.js';
import { ConfigError } from '../../src/server/index.js';

const ACCOUNT = '210987654321';
const TOKEN = 'ops-token-0123456789abcdef';

/** A production-mode server (no --dev) on a random port, with extra flags. */
async function productionServer(flags: Record<string, string> = {}): Promise<{ gatehouse: Gatehouse; endpoint: string; stop(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-ops-'));
  const config = loadConfig({ port: '0', 'data-dir': dataDir, ...flags }, { GATEHOUSE_ACCOUNT_ID: ACCOUNT });
  const gatehouse = await createGatehouse(config, { logger: pino({ level: 'silent' }) });
  const endpoint = await gatehouse.listen();
  return {
    gatehouse,
    endpoint,
    async stop() {
      await gatehouse.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('operational endpoints tell an unauthenticated caller only whether the node is up', () => {
  describe('without a token or a metrics address', () => {
    let server: Awaited<ReturnType<typeof productionServer>>;
    before(async () => (server = await productionServer()));
    after(async () => server.stop());

    it('health says only ok: no account ID, no storage kind', async () => {
      const res = await fetch(`${server.endpoint}/_gatehouse/health`);
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.deepEqual(JSON.parse(text), { status: 'ok' });
      assert.ok(!text.includes(ACCOUNT));
    });

    it('metrics are not served on the API address', async () => {
      const res = await fetch(`${server.endpoint}/_gatehouse/metrics`);
      assert.equal(res.status, 403);
      assert.ok(!(await res.text()).includes('gatehouse_requests_total'));
    });
  });

  describe('with an operational bearer token (--ops-token)', () => {
    let server: Awaited<ReturnType<typeof productionServer>>;
    before(async () => (server = await productionServer({ 'ops-token': TOKEN })));
    after(async () => server.stop());

    it('metrics and health details need the token', async () => {
      for (const init of [{}, bearer('wrong-token-0123456789'), { headers: { authorization: TOKEN } }]) {
        const res = await fetch(`${server.endpoint}/_gatehouse/metrics`, init);
        assert.equal(res.status, 401);
        assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
        assert.deepEqual(await (await fetch(`${server.endpoint}/_gatehouse/health`, init)).json(), { status: 'ok' });
      }
      const metrics = await fetch(`${server.endpoint}/_gatehouse/metrics`, bearer(TOKEN));
      assert.equal(metrics.status, 200);
      assert.match(await metrics.text(), /gatehouse_requests_total|# HELP gatehouse_/);
      const health = await fetch(`${server.endpoint}/_gatehouse/health`, bearer(TOKEN));
      assert.deepEqual(await health.json(), { status: 'ok', storage: 'sqlite', accountId: ACCOUNT });
    });
  });

  describe('with a separate metrics address (--metrics-address)', () => {
    let server: Awaited<ReturnType<typeof productionServer>>;
    before(async () => (server = await productionServer({ 'metrics-address': '127.0.0.1:0' })));
    after(async () => server.stop());

    it('serves the metrics there, and not on the API address', async () => {
      const metricsEndpoint = server.gatehouse.metricsEndpoint;
      assert.ok(metricsEndpoint !== undefined && metricsEndpoint !== server.endpoint);
      for (const path of ['/metrics', '/_gatehouse/metrics']) {
        const res = await fetch(`${metricsEndpoint}${path}`);
        assert.equal(res.status, 200, path);
        assert.match(await res.text(), /# HELP gatehouse_/);
      }
      assert.deepEqual(await (await fetch(`${metricsEndpoint}/_gatehouse/health`)).json(), { status: 'ok' });
      assert.equal((await fetch(`${server.endpoint}/_gatehouse/metrics`)).status, 403);
    });
  });

  it('the token and the address are checked when the server starts', () => {
    assert.throws(() => loadConfig({ 'ops-token': 'short' }, {}), ConfigError);
    assert.throws(() => loadConfig({}, { GATEHOUSE_METRICS_ADDRESS: 'nowhere' }), ConfigError);
    assert.equal(loadConfig({}, { GATEHOUSE_OPS_TOKEN: TOKEN }).opsToken, TOKEN);
    assert.deepEqual(loadConfig({}, { GATEHOUSE_METRICS_ADDRESS: '[::1]:9464' }).metricsAddress, { host: '::1', port: 9464 });
    assert.deepEqual(loadConfig({ 'metrics-address': ':9464' }, {}).metricsAddress, { host: '0.0.0.0', port: 9464 });
  });
});
