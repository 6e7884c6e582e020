/**
 * What the offline commands (`gatehouse validate`, `check`, …) share: how a bad invocation, an
 * input that is not what the command reads and an unreadable file end (a message on standard
 * error, exit status 2, never a stack), and a reader that closes the pipe early.
 */

/** A bad invocation: printed with the command's usage, exit status 2. */
export class UsageError extends Error {}

/** An input the command cannot read as what it expects (a document that is not a policy): exit status 2. */
export class InputError extends Error {}

/** Node's own argument parser's errors (`parseArgs` with `strict`), which are usage errors too. */
function isParseArgsError(err: unknown): err is TypeError {
  return err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS');
}

/**
 * Runs the command `gatehouse <name>` and returns its exit status: usage errors print the message
 * and `usage`, input errors and unreadable files the message alone, each with exit status 2.
 */
export async function runCommand(name: string, usage: string, run: () => Promise<number>): Promise<number> {
  // A reader that stops early (`| head`) closes the pipe: stop quietly, as command-line tools do.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  try {
    return await run();
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      process.stderr.write(`gatehouse ${name}: ${err.message}\n\n${usage}`);
      return 2;
    }
    if (err instanceof InputError) {
      process.stderr.write(`gatehouse ${name}: ${err.message}\n`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    if (typeof e.code === 'string' && e.path !== undefined) {
      process.stderr.write(`gatehouse ${name}: cannot read ${e.path}: ${e.code}\n`);
      return 2;
    }
    throw err;
  }
}
