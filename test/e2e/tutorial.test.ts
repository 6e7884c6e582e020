/**
 * docs/tutorial.md, run as written: its `sh` blocks, in order, in one bash session with the real
 * AWS CLI against a fresh Gatehouse, each checked against the `output` block that follows it (its
 * lines appear in that order in the block's output, `…` standing for any text, and every error the
 * block printed is one of them). Conventions: the tutorial's introduction.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeRootCredentials } from '../../src/server/index.js';
import { AWS_CLI, AWS_CLI_SKIP } from '../support/awscli.js';
import { startTestServer } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  readonly commands: string;
  /** The lines of the `output` block after it, if any. */
  readonly expected?: readonly string[];
  /** Where the block starts in the tutorial, for messages. */
  readonly line: number;
}

/** The tutorial's `sh` blocks and the `output` block after each. */
function steps(markdown: string): Step[] {
  const found: Step[] = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (let m = fence.exec(markdown); m !== null; m = fence.exec(markdown)) {
    const [, kind, body] = m;
    const line = markdown.slice(0, m.index).split('\n').length;
    if (kind === 'sh') found.push({ commands: body!, line });
    else if (kind === 'output') {
      const last = found[found.length - 1];
      assert.ok(last !== undefined && last.expected === undefined, `the output block at line ${line} follows an sh block`);
      found[found.length - 1] = { ...last, expected: body!.replace(/\n$/, '').split('\n') };
    }
  }
  return found;
}

/** An expected line as a regular expression: literal text, `…` any text. */
function linePattern(expected: string): RegExp {
  return new RegExp(
    `^${expected
      .split('…')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

/** Runs a bash script file in `cwd` with `env` (no input), killed after `timeoutMs`; resolves with everything it printed. */
function bash(file: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', file], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('docs/tutorial.md, run as written with the AWS CLI', { skip: AWS_CLI_SKIP }, () => {
  let server: TestServer;
  let work: string;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'gatehouse-tutorial-'));
    const dataDir = join(work, '.gatehouse');
    await mkdir(dataDir);
    await mkdir(join(work, 'home'));
    server = await startTestServer({ dataDir });
    await writeRootCredentials(dataDir, server.gatehouse.bootstrapState, server.endpoint, 'us-east-1');
  });
  after(async () => {
    await server?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('every step prints what the tutorial says it prints', async () => {
    const tutorial = steps(await readFile(join(ROOT, 'docs/tutorial.md'), 'utf8'));
    assert.ok(tutorial.length >= 10, `${tutorial.length} sh blocks`);
    // The session: the reader's machine, with the CLI under test as `aws` and the checkout's
    // `gatehouse` command as `npx gatehouse`; each block announces itself on both outputs.
    const preamble = [
      `aws() { ${JSON.stringify(AWS_CLI)} "$@"; }`,
      `npx() { if [ "$1" = gatehouse ]; then shift; node --import ${JSON.stringify(import.meta.resolve('tsx'))} ${JSON.stringify(join(ROOT, 'src/cli/main.ts'))} "$@"; else command npx "$@"; fi; }`,
      'exec 2>&1',
    ];
    const script = [...preamble, ...tutorial.flatMap((step, i) => [`echo "@@step ${i}@@"`, step.commands])].join('\n');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: join(work, 'home'),
      EP: server.endpoint,
      AWS_PAGER: '',
      AWS_EC2_METADATA_DISABLED: 'true',
      GATEHOUSE_LOG_LEVEL: 'silent',
    };
    const file = join(work, 'tutorial.sh');
    await writeFile(file, script);
    // A bound for a hung step only: how fast the tutorial runs is no test's business.
    const { output } = await bash(file, work, env, 600_000);
    const parts = output.split(/^@@step (\d+)@@\n/m);
    const outputs = new Map<number, string>();
    for (let i = 1; i < parts.length; i += 2) outputs.set(Number(parts[i]), parts[i + 1] ?? '');
    tutorial.forEach((step, i) => {
      const printed = (outputs.get(i) ?? '').split('\n');
      const where = `the sh block at docs/tutorial.md:${step.line}`;
      let at = 0;
      for (const expected of step.expected ?? []) {
        const pattern = linePattern(expected);
        const found = printed.findIndex((line, index) => index >= at && pattern.test(line));
        assert.ok(found >= 0, `${where} printed\n${printed.join('\n')}\nwithout (after what came before)\n${expected}`);
        at = found + 1;
      }
      for (const line of printed.filter((l) => /error occurred|Traceback|command not found|No such file/.test(l))) {
        assert.ok(
          (step.expected ?? []).some((e) => linePattern(e).test(line)),
          `${where} printed an error the tutorial does not show:\n${line}`,
        );
      }
    });
  });
});
