/**
 * Child-process servers for benchmarks: `gatehouse` (the full pipeline, SQLite in a temp dir,
 * dev mode with fixed keys), `bare` (node:http answering a static 500-byte XML body), and two
 * floors: the least a server that speaks SigV4 must do per request, built from Gatehouse's own
 * parts and nothing else. `sigv4-floor` reads the body, parses and verifies the signature (the
 * bench root key's secret, known in advance: no lookup, no authorization) and answers
 * GetCallerIdentity's XML with a fresh request ID; `assume-floor` also makes an `ASIA…` key, a
 * secret and a sealed session token and answers AssumeRole's XML. Prints `READY <port>` when listening.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createGatehouse, loadConfig } from '../../src/server/index.js';
import type { Gatehouse } from '../../src/server/index.js';
import { iamArn, newAccessKeyId, newSecretAccessKey, newUniqueId } from '../../src/model/index.js';
import { parseSigV4 } from '../../src/auth/sigv4/parse.js';
import { verifySigV4 } from '../../src/auth/sigv4/verify.js';
import { sealSessionToken } from '../../src/auth/sessionToken.js';
import { openKeyRing } from '../../src/store/keyring.js';

export const BENCH_KEYS = { accessKeyId: 'AKIABENCHMARK0000001', secretAccessKey: 'bench/secret/key/0123456789abcdefghijklm' };
export const BENCH_ACCOUNT = '210987654321';

const BARE_BODY =
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <GetCallerIdentityResult>\n' +
  '    <Arn>arn:aws:iam::210987654321:root</Arn>\n    <UserId>210987654321</UserId>\n    <Account>210987654321</Account>\n' +
  '  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>\n' +
  '  </ResponseMetadata>\n</GetCallerIdentityResponse>\n' +
  ' '.repeat(100);

/** Inserts `count` IAM users named `seed-000000`… in bulk, for list and lookup benchmarks at scale. */
async function seedUsers(gatehouse: Gatehouse, count: number): Promise<void> {
  const createdAt = new Date().toISOString();
  for (let start = 0; start < count; start += 500) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + 500); i++) {
      const name = `seed-${String(i).padStart(6, '0')}`;
      rows.push({
        account_id: BENCH_ACCOUNT,
        user_id: newUniqueId('user'),
        name,
        name_lower: name,
        path: '/seed/',
        arn: iamArn(BENCH_ACCOUNT, 'user', '/seed/', name),
        created_at: createdAt,
        permissions_boundary_arn: null,
        password_last_used: null,
      });
    }
    await gatehouse.store.db.insertInto('users').values(rows).execute();
  }
}

const ASSUMED = {
  type: 'AssumedRole' as const,
  accountId: BENCH_ACCOUNT,
  arn: `arn:aws:sts::${BENCH_ACCOUNT}:assumed-role/bench-role/bench`,
  userId: 'AROAFLOORFLOORFLOOR00:bench',
  roleArn: `arn:aws:iam::${BENCH_ACCOUNT}:role/bench-role`,
};

/** A floor server's answer to one verified request: GetCallerIdentity, or AssumeRole with new credentials. */
function floorAnswer(kind: 'sigv4-floor' | 'assume-floor', now: Date, requestId: string, keyRing: ReturnType<typeof openKeyRing>): string {
  const metadata = `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n`;
  if (kind === 'sigv4-floor') {
    return (
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <GetCallerIdentityResult>\n` +
      `    <Arn>arn:aws:iam::${BENCH_ACCOUNT}:root</Arn>\n    <UserId>${BENCH_ACCOUNT}</UserId>\n    <Account>${BENCH_ACCOUNT}</Account>\n` +
      `  </GetCallerIdentityResult>\n${metadata}</GetCallerIdentityResponse>\n`
    );
  }
  const issuedAt = now.getTime();
  const expiresAt = Math.floor(issuedAt / 1000) * 1000 + 3_600_000;
  const claims = {
    principal: ASSUMED,
    sessionName: 'bench',
    chainDepth: 0,
    accessKeyId: newAccessKeyId(true, BENCH_ACCOUNT),
    secretAccessKey: newSecretAccessKey(),
    issuedAt,
    expiresAt,
  };
  return (
    `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <AssumeRoleResult>\n    <Credentials>\n` +
    `      <AccessKeyId>${claims.accessKeyId}</AccessKeyId>\n      <SecretAccessKey>${claims.secretAccessKey}</SecretAccessKey>\n` +
    `      <SessionToken>${sealSessionToken(keyRing, claims)}</SessionToken>\n      <Expiration>${new Date(expiresAt).toISOString()}</Expiration>\n` +
    `    </Credentials>\n    <AssumedRoleUser>\n      <Arn>${ASSUMED.arn}</Arn>\n      <AssumedRoleId>${ASSUMED.userId}</AssumedRoleId>\n` +
    `    </AssumedRoleUser>\n  </AssumeRoleResult>\n${metadata}</AssumeRoleResponse>\n`
  );
}

/** The request handler of a floor server (see the file comment). */
function floorHandler(kind: 'sigv4-floor' | 'assume-floor'): (req: IncomingMessage, res: ServerResponse) => void {
  const keyRing = openKeyRing({ masterKey: '00'.repeat(32), dataDir: tmpdir() });
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const wire = { method: req.method ?? 'POST', rawPath: '/', rawQuery: '', headers: req.headers, body: Buffer.concat(chunks) };
      const now = new Date();
      const requestId = randomUUID();
      let status = 200;
      let body: Buffer;
      try {
        const parsed = parseSigV4(wire, now);
        if (parsed === null) throw new Error('unsigned request');
        verifySigV4(wire, parsed, BENCH_KEYS.secretAccessKey);
        body = Buffer.from(floorAnswer(kind, now, requestId, keyRing));
      } catch (error) {
        status = 403;
        body = Buffer.from(String(error));
      }
      res.writeHead(status, { 'content-type': 'text/xml', 'content-length': body.length, 'x-amzn-requestid': requestId });
      res.end(body);
    });
  };
}

/** Listens on a free loopback port and prints `READY <port>`. */
function announceWhenListening(server: Server): void {
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    process.stdout.write(`READY ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
  });
}

/**
 * The S3 floor: what any server speaking S3's SigV4 must do for a small GetObject or PutObject —
 * read the body, parse and verify the signature and the signed payload hash (the bench key's
 * secret, known in advance), and answer with the object's 1 KiB (GET) or an ETag (PUT) and a
 * fresh request ID. No lookup, no authorization, no storage, no audit.
 */
function s3FloorHandler(): (req: IncomingMessage, res: ServerResponse) => void {
  const object = Buffer.alloc(1024, 'g');
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const wire = {
        method: req.method ?? 'GET',
        rawPath: q < 0 ? url : url.slice(0, q),
        rawQuery: q < 0 ? '' : url.slice(q + 1),
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const requestId = randomUUID();
      try {
        const parsed = parseSigV4(wire, new Date());
        if (parsed === null) throw new Error('unsigned request');
        verifySigV4(wire, parsed, BENCH_KEYS.secretAccessKey, { s3: true });
        if (wire.method === 'PUT') {
          res.writeHead(200, { etag: `"${createHash('md5').update(wire.body).digest('hex')}"`, 'x-amz-request-id': requestId, 'content-length': 0 });
          res.end();
        } else {
          res.writeHead(200, { 'content-type': 'binary/octet-stream', 'content-length': object.length, etag: '"floor"', 'x-amz-request-id': requestId });
          res.end(object);
        }
      } catch (error) {
        res.writeHead(403, { 'content-type': 'text/plain' });
        res.end(String(error));
      }
    });
  };
}

async function main(kind: string | undefined): Promise<void> {
  if (kind === 'sigv4-floor' || kind === 'assume-floor') {
    announceWhenListening(createServer(floorHandler(kind)));
    return;
  }
  if (kind === 's3-floor') {
    announceWhenListening(createServer(s3FloorHandler()));
    return;
  }
  if (kind === 'bare') {
    const body = Buffer.from(BARE_BODY.slice(0, 500));
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/xml', 'content-length': body.length, 'x-amzn-requestid': '01234567-89ab-cdef-0123-456789abcdef' });
        res.end(body);
      });
    });
    announceWhenListening(server);
    return;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-bench-'));
  const config = loadConfig(
    { port: '0', 'data-dir': dataDir, dev: true, 'log-level': 'silent' },
    {
      GATEHOUSE_ACCOUNT_ID: BENCH_ACCOUNT,
      GATEHOUSE_ROOT_ACCESS_KEY_ID: BENCH_KEYS.accessKeyId,
      GATEHOUSE_ROOT_SECRET_ACCESS_KEY: BENCH_KEYS.secretAccessKey,
      // The account holds up to 1M users here so that seeding 100k leaves room (AWS's default is 5,000).
      GATEHOUSE_QUOTAS: JSON.stringify({ usersPerAccount: 1_000_000 }),
      ...(process.env['GATEHOUSE_AUDIT'] !== undefined ? { GATEHOUSE_AUDIT: process.env['GATEHOUSE_AUDIT'] } : {}),
    },
  );
  const gatehouse = await createGatehouse(config, { logger: pino({ level: 'silent' }) });
  await seedUsers(gatehouse, Number(process.env['BENCH_SEED_USERS'] ?? 0));
  const address = await gatehouse.listen();
  process.stdout.write(`READY ${new URL(address).port}\n`);
  // The data directory goes with the server (S3 benchmarks leave a 1 GiB object in it).
  process.on('SIGTERM', () => void gatehouse.close().then(() => rm(dataDir, { recursive: true, force: true }).then(() => process.exit(0))));
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  void main(process.argv[2]);
}
