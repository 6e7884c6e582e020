import { resolve } from 'node:path';
import { resolveQuotas } from '../model/index.js';
import type { IamQuotas } from '../model/index.js';

/** Everything `gatehouse serve` can be told, each from a flag or an environment variable. */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** Absent: SQLite file in the data directory. `postgres://…`: PostgreSQL. */
  readonly databaseUrl?: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Test-suite mode: fixed root keys allowed and `POST /_gatehouse/reset` exists. */
  readonly dev: boolean;
  /** Fixed account ID for the management account (first start only). */
  readonly accountId?: string;
  /** The management account's email address (first start only); absent: `defaultAccountEmail`. */
  readonly accountEmail?: string;
  readonly rootAccessKeyId?: string;
  readonly rootSecretAccessKey?: string;
  /** AES-256 master key for sealing secrets (base64 or hex); absent: a 0600 file in the data dir. */
  readonly masterKey?: string;
  /** The region Gatehouse reports and accepts in credential scopes. */
  readonly region: string;
  /** IAM quotas: AWS's defaults, with the operator's overrides from `GATEHOUSE_QUOTAS` (JSON). */
  readonly quotas: Readonly<IamQuotas>;
  /** `GATEHOUSE_ALLOW_HTTP_ISSUERS`: accept `http://` OIDC issuers (default: only in dev mode). */
  readonly allowHttpIssuers?: boolean;
  /**
   * The bearer token that opens the operational endpoints: the metrics, and the details of the
   * health check. Absent: outside dev mode, metrics are served only on `metricsAddress`.
   */
  readonly opsToken?: string;
  /** A separate listen address for the Prometheus metrics (and the health check), e.g. `127.0.0.1:9464`. */
  readonly metricsAddress?: { readonly host: string; readonly port: number };
  /**
   * Where S3 object bytes live: a directory (every node's, when several share PostgreSQL). Absent:
   * `<dataDir>/s3` on SQLite, PostgreSQL large objects on PostgreSQL.
   */
  readonly s3Directory?: string;
  /**
   * The listen address of the AWS IoT credentials provider (mutual TLS), e.g. `0.0.0.0:8443`;
   * absent: not served.
   */
  readonly iotCredentialsAddress?: { readonly host: string; readonly port: number };
  /** Its server certificate and key (PEM files); absent: `iot-credentials.crt`/`.key` in the data directory, made on first start. */
  readonly iotCredentialsCert?: string;
  readonly iotCredentialsKey?: string;
}

export interface ConfigFlags {
  host?: string | undefined;
  port?: string | undefined;
  'data-dir'?: string | undefined;
  database?: string | undefined;
  'log-level'?: string | undefined;
  dev?: boolean | undefined;
  'ops-token'?: string | undefined;
  'metrics-address'?: string | undefined;
  's3-dir'?: string | undefined;
  'iot-credentials-address'?: string | undefined;
  'iot-credentials-cert'?: string | undefined;
  'iot-credentials-key'?: string | undefined;
}

/** The shortest operational bearer token accepted (a guessable token opens nothing). */
const MIN_OPS_TOKEN_LENGTH = 16;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Thrown for a configuration a server must not start with; the CLI prints the message and exits 2. */
export class ConfigError extends Error {}

/** Merges flags over environment variables over defaults, and checks every value. */
export function loadConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const portText = flags.port ?? env['GATEHOUSE_PORT'] ?? '4747';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`invalid port \`${portText}\``);
  const logLevel = flags['log-level'] ?? env['GATEHOUSE_LOG_LEVEL'] ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`invalid log level \`${logLevel}\`: expected one of ${LOG_LEVELS.join(', ')}`);
  }
  const databaseUrl = flags.database ?? env['GATEHOUSE_DATABASE_URL'] ?? undefined;
  if (databaseUrl !== undefined && databaseUrl !== '' && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('GATEHOUSE_DATABASE_URL must be a postgres:// or postgresql:// URL (leave it unset for the embedded SQLite file)');
  }
  const dev = flags.dev === true || isTruthy(env['GATEHOUSE_DEV']);
  const accountId = nonEmpty(env['GATEHOUSE_ACCOUNT_ID']);
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) {
    throw new ConfigError(`GATEHOUSE_ACCOUNT_ID must be 12 digits, not \`${accountId}\``);
  }
  const accountEmail = nonEmpty(env['GATEHOUSE_ACCOUNT_EMAIL']);
  // AWS: Organizations' Email type, 6–64 characters of a standard internet email address.
  if (accountEmail !== undefined && (accountEmail.length < 6 || accountEmail.length > 64 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(accountEmail))) {
    throw new ConfigError(`GATEHOUSE_ACCOUNT_EMAIL must be an email address of 6 to 64 characters, not \`${accountEmail}\``);
  }
  const rootAccessKeyId = nonEmpty(env['GATEHOUSE_ROOT_ACCESS_KEY_ID']);
  const rootSecretAccessKey = nonEmpty(env['GATEHOUSE_ROOT_SECRET_ACCESS_KEY']);
  if ((rootAccessKeyId === undefined) !== (rootSecretAccessKey === undefined)) {
    throw new ConfigError('set both GATEHOUSE_ROOT_ACCESS_KEY_ID and GATEHOUSE_ROOT_SECRET_ACCESS_KEY, or neither');
  }
  if (rootAccessKeyId !== undefined && !dev) {
    throw new ConfigError('fixed root keys (GATEHOUSE_ROOT_ACCESS_KEY_ID) are allowed only in dev mode (--dev or GATEHOUSE_DEV=1)');
  }
  if (rootAccessKeyId !== undefined && !/^[A-Z0-9]{16,128}$/.test(rootAccessKeyId)) {
    throw new ConfigError('GATEHOUSE_ROOT_ACCESS_KEY_ID must be 16 to 128 upper-case letters and digits');
  }
  if (rootSecretAccessKey !== undefined && rootSecretAccessKey.length < 16) {
    throw new ConfigError('GATEHOUSE_ROOT_SECRET_ACCESS_KEY must be at least 16 characters');
  }
  let quotas: Readonly<IamQuotas>;
  try {
    quotas = resolveQuotas(env['GATEHOUSE_QUOTAS'] ? (JSON.parse(env['GATEHOUSE_QUOTAS']) as Record<string, unknown>) : {});
  } catch (err) {
    throw new ConfigError(`GATEHOUSE_QUOTAS: ${err instanceof Error ? err.message : String(err)}`);
  }
  const opsToken = nonEmpty(flags['ops-token'] ?? env['GATEHOUSE_OPS_TOKEN']);
  if (opsToken !== undefined && (opsToken.length < MIN_OPS_TOKEN_LENGTH || /\s/.test(opsToken))) {
    throw new ConfigError(`GATEHOUSE_OPS_TOKEN must be at least ${MIN_OPS_TOKEN_LENGTH} characters without spaces`);
  }
  const metricsText = nonEmpty(flags['metrics-address'] ?? env['GATEHOUSE_METRICS_ADDRESS']);
  const metricsAddress = metricsText === undefined ? undefined : parseListenAddress(metricsText, 'GATEHOUSE_METRICS_ADDRESS', '127.0.0.1:9464');
  const iotText = nonEmpty(flags['iot-credentials-address'] ?? env['GATEHOUSE_IOT_CREDENTIALS_ADDRESS']);
  const iotCredentialsAddress = iotText === undefined ? undefined : parseListenAddress(iotText, 'GATEHOUSE_IOT_CREDENTIALS_ADDRESS', '0.0.0.0:8443');
  const iotCert = nonEmpty(flags['iot-credentials-cert'] ?? env['GATEHOUSE_IOT_CREDENTIALS_CERT']);
  const iotKey = nonEmpty(flags['iot-credentials-key'] ?? env['GATEHOUSE_IOT_CREDENTIALS_KEY']);
  if ((iotCert === undefined) !== (iotKey === undefined)) {
    throw new ConfigError('set both GATEHOUSE_IOT_CREDENTIALS_CERT and GATEHOUSE_IOT_CREDENTIALS_KEY, or neither');
  }
  const config: ServerConfig = {
    quotas,
    host: flags.host ?? env['GATEHOUSE_HOST'] ?? '127.0.0.1',
    port,
    dataDir: resolve(flags['data-dir'] ?? env['GATEHOUSE_DATA_DIR'] ?? '.gatehouse'),
    logLevel: logLevel as ServerConfig['logLevel'],
    dev,
    allowHttpIssuers:
      env['GATEHOUSE_ALLOW_HTTP_ISSUERS'] === undefined || env['GATEHOUSE_ALLOW_HTTP_ISSUERS'] === '' ? dev : isTruthy(env['GATEHOUSE_ALLOW_HTTP_ISSUERS']),
    region: nonEmpty(env['GATEHOUSE_REGION']) ?? 'us-east-1',
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(accountId ? { accountId } : {}),
    ...(accountEmail ? { accountEmail } : {}),
    ...(rootAccessKeyId && rootSecretAccessKey ? { rootAccessKeyId, rootSecretAccessKey } : {}),
    ...(nonEmpty(env['GATEHOUSE_MASTER_KEY']) ? { masterKey: env['GATEHOUSE_MASTER_KEY']! } : {}),
    ...(opsToken !== undefined ? { opsToken } : {}),
    ...(metricsAddress !== undefined ? { metricsAddress } : {}),
    ...(nonEmpty(flags['s3-dir'] ?? env['GATEHOUSE_S3_DIR']) !== undefined ? { s3Directory: resolve(flags['s3-dir'] ?? env['GATEHOUSE_S3_DIR']!) } : {}),
    ...(iotCredentialsAddress !== undefined ? { iotCredentialsAddress } : {}),
    ...(iotCert !== undefined && iotKey !== undefined ? { iotCredentialsCert: resolve(iotCert), iotCredentialsKey: resolve(iotKey) } : {}),
  };
  return config;
}

/** `host:port`, `[v6]:port` or `:port` (all interfaces); port 0 picks a free one. */
function parseListenAddress(text: string, variable: string, example: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (match === null || port > 65535) {
    throw new ConfigError(`${variable} must be host:port (e.g. ${example}), not \`${text}\``);
  }
  return { host: match[1] ?? (match[2] === '' ? '0.0.0.0' : match[2]!), port };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function isTruthy(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}
