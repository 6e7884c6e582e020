import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { implementedOperations } from '../../src/services/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function gatehouse(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr });
    });
  });
}

/** The README's configuration table: its rows' flags and environment variables. */
function readmeConfiguration(): { flags: Set<string>; variables: Set<string> } {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('Operational endpoints'));
  const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| flag'));
  const flags = new Set(rows.flatMap((r) => [...(r.split('|')[1] ?? '').matchAll(/--[a-z-]+/g)].map((m) => m[0])));
  const variables = new Set(rows.flatMap((r) => [...(r.split('|')[2] ?? '').matchAll(/GATEHOUSE_[A-Z_]+/g)].map((m) => m[0])));
  return { flags, variables };
}

describe('the gatehouse command helps a newcomer', () => {
  it('`gatehouse serve --help` lists every flag and environment variable of the README, and no other', async () => {
    const result = await gatehouse(['serve', '--help']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Usage: gatehouse serve \[options\]/);
    const help = {
      flags: new Set([...result.stdout.matchAll(/^\s+(--[a-z-]+)/gm)].map((m) => m[1]!).filter((f) => f !== '--help')),
      variables: new Set([...result.stdout.matchAll(/GATEHOUSE_[A-Z_]+/g)].map((m) => m[0])),
    };
    const readme = readmeConfiguration();
    assert.ok(readme.variables.size >= 20, `the README's table has ${readme.variables.size} variables`);
    assert.deepEqual([...help.variables].sort(), [...readme.variables].sort());
    assert.deepEqual([...help.flags].sort(), [...readme.flags].sort());
    // The flags and variables serve takes are the ones the help names (`gatehouse serve -h` too).
    assert.equal((await gatehouse(['serve', '-h'])).stdout, result.stdout);
  });

  it('`gatehouse --version` and `gatehouse version` print the package version; `--help` the commands', async () => {
    const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    for (const args of [['--version'], ['version'], ['-v']]) {
      const result = await gatehouse(args);
      assert.equal(result.code, 0);
      assert.equal(result.stdout, `gatehouse ${version}\n`);
    }
    const help = await gatehouse(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /npx gatehouse/);
    assert.match(help.stdout, /npm start -- /);
    for (const command of ['serve', 'audit', 'version']) assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
  });

  it('the package describes what exists, and the README says how to reach the command', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { description: string; scripts: Record<string, string> };
    // It names S3 and IAM Identity Center exactly when Gatehouse serves them.
    const served = new Set(implementedOperations().map((op) => op.service));
    assert.equal(/\bS3\b/.test(pkg.description), served.has('s3'), pkg.description);
    assert.equal(/Identity Center/.test(pkg.description), served.has('sso-admin'), pkg.description);
    assert.match(pkg.description, /Roles Anywhere/);
    assert.ok(pkg.scripts['docs:operations']);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    assert.match(readme, /mkdir -p ~\/\.aws && cat \.gatehouse\/root-credentials >> ~\/\.aws\/credentials/);
    assert.match(readme, /npm start -- --port 8080/);
    assert.match(readme, /npx gatehouse/);
    assert.match(readme, /docs\/operations\.md/);
    assert.match(readme, /build-essential python3/);
  });
});
