import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { hashPassword } from '../services/iam/index.js';
import { openStore, SQLITE_FILE } from '../store/index.js';

const USAGE = `Usage: gatehouse root set-password [options]

Sets the console password of an account's root user: the root user then signs in to the console
with the account's email address and this password (and its MFA device, once it has one). The
password is read from standard input (typed twice, unechoed, on a terminal), never from a flag.

  --account <id>       the account (default: the management account)
  --data-dir <dir>     data directory            GATEHOUSE_DATA_DIR      (default ./.gatehouse)
  --database <url>     postgres://… (default: the SQLite file in the data directory)
  -h, --help           print this help

AWS's rules for a root password: 8 to 128 characters, at least three of upper-case letters,
lower-case letters, digits and symbols, and not the account's email address.

Exit status: 0 set, 1 refused (a weak password, no such account), 2 bad usage.
`;

class UsageError extends Error {}

/** AWS: the root user's password rules (Account Management guide, "Change the password for the root user"). */
export function rootPasswordProblem(password: string, email: string | null): string | undefined {
  if (password.length < 8 || password.length > 128) return 'the password must be 8 to 128 characters long';
  const kinds = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (kinds < 3) return 'the password must mix at least three of: upper-case letters, lower-case letters, digits and symbols';
  if (email !== null && password.toLowerCase() === email.toLowerCase()) return 'the password must not be the account’s email address';
  return undefined;
}

/** `gatehouse root …`: returns the process exit code. */
export async function rootCommand(argv: string[]): Promise<number> {
  try {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
      process.stdout.write(USAGE);
      return sub === undefined ? 2 : 0;
    }
    if (sub !== 'set-password') throw new UsageError(`unknown root command \`${sub}\``);
    const { values } = parseArgs({
      args: rest,
      options: { account: { type: 'string' }, 'data-dir': { type: 'string' }, database: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    });
    if (values.help === true) {
      process.stdout.write(USAGE);
      return 0;
    }
    const dataDir = resolve(values['data-dir'] ?? process.env['GATEHOUSE_DATA_DIR'] ?? '.gatehouse');
    const databaseUrl = values.database ?? process.env['GATEHOUSE_DATABASE_URL'];
    if (!databaseUrl && !existsSync(join(dataDir, SQLITE_FILE))) {
      throw new UsageError(`no Gatehouse database in \`${dataDir}\` (start the server once, or pass --data-dir or --database)`);
    }
    const password = await readPassword();
    const store = await openStore({ dataDir, ...(databaseUrl ? { databaseUrl } : {}), masterKey: process.env['GATEHOUSE_MASTER_KEY'] || undefined });
    try {
      const marker = await store.kv.get('bootstrap');
      const accountId = values.account ?? (marker === undefined ? undefined : (JSON.parse(marker) as { accountId: string }).accountId);
      const account = accountId === undefined ? undefined : await store.accounts.get(accountId);
      if (account === undefined) {
        process.stderr.write(`gatehouse: no account \`${accountId ?? ''}\`\n`);
        return 1;
      }
      const problem = rootPasswordProblem(password, account.email);
      if (problem !== undefined) {
        process.stderr.write(`gatehouse: ${problem}\n`);
        return 1;
      }
      await store.rootPasswords.set(account.id, await hashPassword(password));
      process.stdout.write(
        `The root user of account ${account.id} now signs in to the console with ${account.email ?? 'its email address'} and this password.\n`,
      );
      return 0;
    } finally {
      await store.close();
    }
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`gatehouse: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}

/** The password: typed twice without echo on a terminal, else the first line of standard input. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    const line = text.split(/\r?\n/)[0] ?? '';
    if (line === '') throw new UsageError('no password on standard input');
    return line;
  }
  const first = await prompt('New root password: ');
  const second = await prompt('Again: ');
  if (first !== second) throw new UsageError('the two passwords differ');
  return first;
}

function prompt(question: string): Promise<string> {
  process.stderr.write(question);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
  return new Promise((resolve) =>
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    }),
  );
}
