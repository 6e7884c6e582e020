import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createSession, RolesAnywhereError } from '../client/index.js';

export const CREDENTIALS_USAGE = `Usage: gatehouse credentials x509 [options]

Gets role credentials from IAM Roles Anywhere's CreateSession (Gatehouse's, or AWS's) with an X.509
certificate and its private key, and prints them as the JSON the AWS SDKs and the AWS CLI read from
a credential_process:

  [profile workload]
  credential_process = gatehouse credentials x509 --certificate /etc/pki/workload.pem --private-key /etc/pki/workload.key --trust-anchor-arn arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/… --profile-arn arn:aws:rolesanywhere:us-east-1:111122223333:profile/… --role-arn arn:aws:iam::111122223333:role/workload --endpoint http://127.0.0.1:4747

Options:
  --certificate <file>         the end-entity certificate, PEM (or DER)
  --private-key <file|->       its private key, PEM (PKCS#8, PKCS#1 or SEC1); - reads standard input
  --intermediates <file>       intermediate CA certificates to send (X-Amz-X509-Chain), a PEM bundle
  --trust-anchor-arn <arn>     the trust anchor the certificate chains to
  --profile-arn <arn>          the profile that lists the role
  --role-arn <arn>             the role to get credentials for
  --endpoint <url>             Gatehouse's endpoint (default: https://rolesanywhere.<region>.amazonaws.com)
  --region <region>            the signing region (default: the trust anchor ARN's)
  --session-duration <s>       900 to 43200 seconds (default: the profile's)
  --role-session-name <name>   the role session name, when the profile accepts one

Exit status: 0 with credentials on standard output; 1 when CreateSession is refused or cannot be
reached (the error on standard error); 2 for bad usage or an unreadable file.
`;

/** A bad invocation or an unreadable input: exit 2. */
class UsageError extends Error {}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    return path === '-' ? await readStdin() : await readFile(path);
  } catch (err) {
    throw new UsageError(`cannot read the ${what} \`${path}\`: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function requiredFlag(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** `gatehouse credentials <kind> …`: returns the process exit code. */
export async function credentialsCommand(argv: string[]): Promise<number> {
  const [kind, ...rest] = argv;
  if (kind === undefined || kind === '--help' || kind === '-h' || rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(CREDENTIALS_USAGE);
    return kind === undefined ? 2 : 0;
  }
  try {
    if (kind !== 'x509') throw new UsageError(`unknown credential kind \`${kind}\` (expected x509)`);
    const { values } = parseArgs({
      args: rest,
      options: {
        certificate: { type: 'string' },
        'private-key': { type: 'string' },
        intermediates: { type: 'string' },
        'trust-anchor-arn': { type: 'string' },
        'profile-arn': { type: 'string' },
        'role-arn': { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        'session-duration': { type: 'string' },
        'role-session-name': { type: 'string' },
      },
      strict: true,
    });
    const certificatePath = requiredFlag(values, 'certificate');
    const keyPath = requiredFlag(values, 'private-key');
    if (certificatePath === '-' && keyPath === '-') throw new UsageError('only one of --certificate and --private-key can read standard input');
    const duration = values['session-duration'];
    if (duration !== undefined && !/^\d+$/.test(duration)) throw new UsageError(`--session-duration \`${duration}\` is not a number of seconds`);
    const certificate = await readInput(certificatePath, 'certificate');
    const privateKey = await readInput(keyPath, 'private key');
    const intermediates = values.intermediates === undefined ? undefined : (await readInput(values.intermediates, 'intermediates')).toString('utf8');
    const credentials = await createSession({
      certificate: certificate.toString('latin1').includes('-----BEGIN') ? certificate.toString('utf8') : certificate,
      privateKey: privateKey.toString('utf8'),
      ...(intermediates !== undefined ? { intermediates } : {}),
      trustAnchorArn: requiredFlag(values, 'trust-anchor-arn'),
      profileArn: requiredFlag(values, 'profile-arn'),
      roleArn: requiredFlag(values, 'role-arn'),
      ...(values.endpoint !== undefined ? { endpoint: values.endpoint } : {}),
      ...(values.region !== undefined ? { region: values.region } : {}),
      ...(duration !== undefined ? { durationSeconds: Number(duration) } : {}),
      ...(values['role-session-name'] !== undefined ? { roleSessionName: values['role-session-name'] } : {}),
    });
    // AWS: the credential_process output ("Sourcing credentials with an external process", AWS
    // SDKs and Tools Reference Guide): Version 1 and an ISO 8601 Expiration.
    const output = {
      Version: 1,
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      SessionToken: credentials.sessionToken,
      Expiration: credentials.expiration.toISOString(),
    };
    process.stdout.write(`${JSON.stringify(output)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`gatehouse: ${err.message}\n`);
      return 2;
    }
    if (err instanceof RolesAnywhereError) {
      process.stderr.write(`gatehouse: CreateSession refused: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`gatehouse: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
