import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { responseBatcher } from './apiListener.js';

describe('responseBatcher', () => {
  let server: Server;
  let base: string;
  const failures: unknown[] = [];

  before(async () => {
    const send = responseBatcher((err) => failures.push(err));
    server = createServer((req, res) => {
      // A header value no HTTP response can carry, as a service that let one through would answer.
      if (req.url === '/bad') send(res, { status: 200, headers: { 'Content-Type': 'text/plain\r\nX-Evil: 1' }, body: 'never' });
      else send(res, { status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'fine' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers a response whose headers Node refuses with InternalFailure, and the process and the other responses go on', async () => {
    const [bad, good] = await Promise.all([fetch(`${base}/bad`), fetch(`${base}/good`)]);
    assert.equal(bad.status, 500);
    assert.match(await bad.text(), /InternalFailure/);
    assert.equal(bad.headers.get('x-evil'), null);
    assert.equal(good.status, 200);
    assert.equal(await good.text(), 'fine');
    assert.equal(failures.length, 1);
  });
});
