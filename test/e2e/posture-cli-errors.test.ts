import assert from 'node:assert/strict';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PostureReport } from '../../src/analysis/posture/index.js';
import { FIXTURE_ACCOUNT, fixtureExport } from '../support/exportFixtures.js';
import { gatehouseCli } from '../support/gatehouseCli.js';

/**
 * `gatehouse import` and `gatehouse analyze` with files that cannot be read: one line naming the
 * file, the place in it and what was expected; exit status 2; no stack trace; nothing imported.
 */
describe('gatehouse import and analyze refuse exports that cannot be read', () => {
  let dir: string;
  let dataDir: string;
  const path = (name: string) => join(dir, name);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-bad-exports-'));
    dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-bad-exports-data-'));
    for (const [name, text] of Object.entries(fixtureExport())) await writeFile(path(name), text);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  const good = () => Object.keys(fixtureExport()).map(path);
  const noStack = (stderr: string) => assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');

  it('imports the good export, and analyses it from the data directory', async () => {
    const run = await gatehouseCli(['import', '--data-dir', dataDir, ...good()]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(
        `^imported account ${FIXTURE_ACCOUNT}: 2 users, 1 groups, 2 roles, 1 customer managed policies \\(2 versions\\), in organization o-exampleorg1`,
      ),
    );
  });

  for (const [title, prepare, expected] of [
    [
      'malformed JSON',
      async () => writeFile(path('broken.json'), '{"UserDetailList": [\n  {"UserName": "x",\n}'),
      /^gatehouse (import|analyze): .*broken\.json: line 3, column 1: expected JSON \(or a credential report CSV\)/,
    ],
    [
      'an unknown field',
      async () => writeFile(path('broken.json'), JSON.stringify({ UserDetailList: [], Comment: 'exported by hand' })),
      /broken\.json: \$\.Comment: expected one of the members AWS returns here \(UserDetailList, GroupDetailList, RoleDetailList, Policies, IsTruncated, Marker\), not `Comment`/,
    ],
    [
      'a 200 MB file',
      async () => {
        const handle = await open(path('broken.json'), 'w');
        await handle.truncate(200 * 1024 * 1024);
        await handle.close();
      },
      /broken\.json: is 200\.0 MiB, more than the 128\.0 MiB a file may have \(raise the limit with --max-file-size\)/,
    ],
  ] as const) {
    it(`${title}: named, exit 2, nothing imported`, async () => {
      await prepare();
      for (const command of ['import', 'analyze'] as const) {
        const run = await gatehouseCli(
          command === 'import' ? ['import', '--data-dir', dataDir, ...good(), path('broken.json')] : ['analyze', ...good(), path('broken.json')],
        );
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, expected);
        assert.equal(run.stderr.split('\n').filter((l) => l !== '').length, 1, run.stderr);
        noStack(run.stderr);
        assert.equal(run.stdout, '');
      }
      await rm(path('broken.json'));
    });
  }

  it('a missing side file: what it would have said, exit 2, the previous import stands', async () => {
    const files = good().filter((f) => !f.endsWith('targets-deny.json'));
    const run = await gatehouseCli(['import', '--data-dir', dataDir, ...files]);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /the Organizations files need the output of list-targets-for-policy of p-denyleave1 \(deny-iam-keys\) too \(aws organizations list-targets-for-policy\); nothing was imported\n$/,
    );
    noStack(run.stderr);
    const analysed = await gatehouseCli(['analyze', '--format', 'json', '--fail-on', 'none', '--account', FIXTURE_ACCOUNT, '--data-dir', dataDir]);
    assert.equal(analysed.code, 0, analysed.stderr);
    assert.equal((JSON.parse(analysed.stdout) as PostureReport).accountId, FIXTURE_ACCOUNT);
  });

  it('an account the data directory does not hold, and bad usage', async () => {
    const missing = await gatehouseCli(['analyze', '--account', '000011112222', '--data-dir', dataDir]);
    assert.deepEqual([missing.code, missing.stderr], [2, 'gatehouse analyze: the data directory holds no account 000011112222\n']);
    const usage = await gatehouseCli(['analyze', '--format', 'pdf', dir]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /^gatehouse analyze: --format must be text, json, sarif or html, not `pdf`\n\nUsage:/);
    const threshold = await gatehouseCli(['analyze', '--threshold', 'accessKeyMaxAgeDays=0', dir]);
    assert.match(threshold.stderr, /threshold `accessKeyMaxAgeDays` must be a whole number from 1 to 3650, not `0`/);
  });
});
