import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The AWS CLI v2 the tests drive (Debian's awscli in CI). */
export const AWS_CLI = process.env['GATEHOUSE_TEST_AWS_CLI'] ?? '/usr/bin/aws';
export const AWS_CLI_AVAILABLE = existsSync(AWS_CLI);
if (!AWS_CLI_AVAILABLE && process.env['CI']) throw new Error(`the AWS CLI is required in CI but ${AWS_CLI} does not exist`);

/** Why a suite needing the AWS CLI cannot run here, or false when it can. */
export const AWS_CLI_SKIP: string | false = AWS_CLI_AVAILABLE ? false : `no AWS CLI at ${AWS_CLI} (install Debian's awscli)`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A private AWS CLI home (credentials and config files) for one test suite. */
export class AwsCliHome {
  /** Extra environment for every CLI run (e.g. AWS_CA_BUNDLE). */
  readonly env: Record<string, string> = {};

  private constructor(
    readonly dir: string,
    readonly endpoint: string,
  ) {}

  static async create(endpoint: string): Promise<AwsCliHome> {
    const dir = await mkdtemp(join(tmpdir(), 'gatehouse-awscli-'));
    await writeFile(join(dir, 'credentials'), '');
    await writeFile(join(dir, 'config'), '[default]\nregion = us-east-1\n');
    return new AwsCliHome(dir, endpoint);
  }

  /** Adds a profile with long-term keys. */
  async addProfile(name: string, keys: { accessKeyId: string; secretAccessKey: string }): Promise<void> {
    await appendFile(join(this.dir, 'credentials'), `\n[${name}]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`);
    await appendFile(join(this.dir, 'config'), `\n[profile ${name}]\nregion = us-east-1\n`);
  }

  /** Appends raw text to the config file (profiles with role_arn, mfa_serial …). */
  async appendConfig(text: string): Promise<void> {
    await appendFile(join(this.dir, 'config'), text);
  }

  /** Appends raw text (e.g. a root-credentials file) to the credentials file. */
  async appendCredentials(text: string): Promise<void> {
    await appendFile(join(this.dir, 'credentials'), `\n${text}`);
  }

  /** Runs `aws --endpoint-url … --output json <args>`; never throws for a non-zero exit. */
  async aws(args: string[]): Promise<CliResult> {
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: this.dir,
      AWS_SHARED_CREDENTIALS_FILE: join(this.dir, 'credentials'),
      AWS_CONFIG_FILE: join(this.dir, 'config'),
      AWS_PAGER: '',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...this.env,
    };
    try {
      const { stdout, stderr } = await run(AWS_CLI, ['--endpoint-url', this.endpoint, '--output', 'json', ...args], { env, maxBuffer: 16 * 1024 * 1024 });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  /** Runs a command that must succeed and returns its parsed JSON output ({} when empty). */
  async json<T = Record<string, unknown>>(args: string[]): Promise<T> {
    const out = await this.aws(args);
    if (out.code !== 0) throw new Error(`aws ${args.join(' ')} failed (${out.code}): ${out.stderr}`);
    return (out.stdout.trim() === '' ? {} : JSON.parse(out.stdout)) as T;
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
