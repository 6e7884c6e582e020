#!/usr/bin/env node
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const USAGE = `Usage: gatehouse <command> [options]
  (from a checkout, after npm ci: npx gatehouse <command>, or npm start -- [serve options])

Commands:
  serve      start the Gatehouse server: AWS IAM, STS, Organizations, CloudTrail, Access Analyzer, S3, IAM
             Roles Anywhere and the IoT credentials provider on one endpoint (gatehouse serve --help)
  audit      verify the audit trail's integrity, or export it (gatehouse audit --help)
  root       set the root user's console password (gatehouse root set-password --help)
  validate   check IAM policies, CloudFormation templates and Terraform plans offline with IAM Access
             Analyzer's policy checks (gatehouse validate --help)
  check      IAM Access Analyzer's custom policy checks offline: no new access, access not granted,
             no public access (gatehouse check --help)
  import     load an AWS account's export into the data directory (gatehouse import --help)
  analyze    best-practice checks and privilege-escalation paths of an AWS account's export or of an
             account of the data directory (gatehouse analyze --help)
  credentials  role credentials from an X.509 certificate through IAM Roles Anywhere, as a
             credential_process prints them (gatehouse credentials x509 --help)
  workload   issue, list and revoke workload tokens for the container credentials endpoint
             (gatehouse workload --help)
  version    print Gatehouse's version (also --version)
  help       print this help (also --help)
`;

/**
 * \`gatehouse serve --help\`: every flag and every environment variable, as the README's
 * configuration table lists them (test/e2e/cli-help.test.ts checks that the two agree).
 */
const SERVE_USAGE = `Usage: gatehouse serve [options]

Each option can also be set by its environment variable; a flag wins over the variable.

  --host <addr>                  GATEHOUSE_HOST            listen address (default 127.0.0.1)
  --port <n>                     GATEHOUSE_PORT            listen port (default 4747; 0: any free port)
  --data-dir <dir>               GATEHOUSE_DATA_DIR        SQLite file, master key, root credentials (default ./.gatehouse)
  --database <url>               GATEHOUSE_DATABASE_URL    postgres://… to share one PostgreSQL between nodes (default: SQLite)
  --log-level <level>            GATEHOUSE_LOG_LEVEL       fatal|error|warn|info|debug|trace|silent (default info)
  --dev                          GATEHOUSE_DEV=1           test-suite mode: fixed root keys allowed, POST /_gatehouse/reset,
                                                           metrics and health details open
  --ops-token <token>            GATEHOUSE_OPS_TOKEN       bearer token (16+ characters) for the metrics and the health details
  --metrics-address <host:port>  GATEHOUSE_METRICS_ADDRESS separate listener for /metrics and health, e.g. 127.0.0.1:9464
  --s3-dir <dir>                 GATEHOUSE_S3_DIR          where S3 object bytes live: a directory every node mounts, with PostgreSQL
                                                           (default: <data-dir>/s3 on SQLite, PostgreSQL large objects on PostgreSQL)
  --iot-credentials-address <host:port>
                                 GATEHOUSE_IOT_CREDENTIALS_ADDRESS
                                                           the AWS IoT credentials provider's mutual TLS listener, e.g.
                                                           0.0.0.0:8443 (default: not served)
  --iot-credentials-cert <file>  GATEHOUSE_IOT_CREDENTIALS_CERT
                                                           its server certificate, PEM (default: iot-credentials.crt in the
                                                           data directory, made self-signed on first start)
  --iot-credentials-key <file>   GATEHOUSE_IOT_CREDENTIALS_KEY
                                                           its private key, PEM (default: iot-credentials.key beside it)
  -h, --help                                               print this help

Environment only:
  GATEHOUSE_ACCOUNT_ID                  the management account's 12-digit ID (first start; default random)
  GATEHOUSE_ACCOUNT_EMAIL               the management account's email address (first start)
  GATEHOUSE_ROOT_ACCESS_KEY_ID,
  GATEHOUSE_ROOT_SECRET_ACCESS_KEY      fixed root keys (dev mode only; default random)
  GATEHOUSE_MASTER_KEY                  32-byte key (base64 or hex) sealing secrets at rest (default: 0600 file master.key)
  GATEHOUSE_REGION                      the region Gatehouse reports (default us-east-1)
  GATEHOUSE_QUOTAS                      JSON object of IAM quota overrides, e.g. {"usersPerAccount":10000}
  GATEHOUSE_ALLOW_HTTP_ISSUERS          accept http:// OIDC issuers for AssumeRoleWithWebIdentity (default: on in dev mode);
                                        the provider must still be registered with its https:// URL
  GATEHOUSE_AUDIT_RETENTION_DAYS        how long audit records are kept (default 90)
  GATEHOUSE_AUDIT_DELIVERY_SECONDS      trail log-file delivery period (default 60)
  GATEHOUSE_AUDIT_DIGEST_SECONDS        trail digest period (default 3600)
  GATEHOUSE_AUDIT=off                   UNSAFE, dev mode only: no audit trail at all (benchmarks)
`;

/** The version in package.json, which the build ships beside dist/. */
function version(): string {
  const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
  return pkg.version;
}

async function serve(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(SERVE_USAGE);
    return;
  }
  const { createGatehouse, loadConfig, writeRootCredentials } = await import('../server/index.js');
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      database: { type: 'string' },
      'log-level': { type: 'string' },
      dev: { type: 'boolean' },
      'ops-token': { type: 'string' },
      'metrics-address': { type: 'string' },
      's3-dir': { type: 'string' },
      'iot-credentials-address': { type: 'string' },
      'iot-credentials-cert': { type: 'string' },
      'iot-credentials-key': { type: 'string' },
    },
    strict: true,
  });
  const config = loadConfig(values);
  const gatehouse = await createGatehouse(config);
  const address = await gatehouse.listen();
  const endpoint = address.replace('://[::1]', '://localhost');
  const state = gatehouse.bootstrapState;
  if (state.created) {
    // The secret goes to the 0600 file only: standard output is where log collectors read, and
    // keep, what a server prints.
    const { path } = await writeRootCredentials(config.dataDir, state, endpoint, config.region);
    gatehouse.logger.info(
      { accountId: state.accountId, rootAccessKeyId: state.rootAccessKeyId, credentialsFile: path },
      `created management account ${state.accountId}; the root user's access key ${state.rootAccessKeyId} and its secret are in ${path} (mode 0600)`,
    );
  }
  gatehouse.logger.info(
    {
      endpoint,
      console: `${endpoint}/console/`,
      accountId: state.accountId,
      storage: gatehouse.store.kind,
      dev: config.dev,
      ...(gatehouse.metricsEndpoint !== undefined ? { metricsEndpoint: gatehouse.metricsEndpoint } : {}),
      ...(gatehouse.iotCredentialsEndpoint !== undefined ? { iotCredentialsEndpoint: gatehouse.iotCredentialsEndpoint } : {}),
    },
    `gatehouse listening on ${endpoint}; the web console is at ${endpoint}/console/ (sign in as root after \`npx gatehouse root set-password\`)`,
  );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    gatehouse.logger.info({ signal }, 'shutting down: finishing in-flight requests');
    gatehouse.close().then(
      () => process.exit(0),
      (err: unknown) => {
        gatehouse.logger.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'audit':
      process.exitCode = await (await import('./audit.js')).auditCommand(rest);
      return;
    case 'root':
      process.exitCode = await (await import('./root.js')).rootCommand(rest);
      return;
    case 'validate':
      // The server is not loaded: validation is offline.
      process.exitCode = await (await import('./validate.js')).validateCommand(rest);
      return;
    case 'check':
      // The server is not loaded: the checks are offline.
      process.exitCode = await (await import('./check.js')).checkCommand(rest);
      return;
    case 'import':
      process.exitCode = await (await import('./importCommand.js')).importCommand(rest);
      return;
    case 'analyze':
      // The server is not loaded: an export is analysed offline.
      process.exitCode = await (await import('./analyze.js')).analyzeCommand(rest);
      return;
    case 'credentials':
      // A credential_process runs this for every credential fetch: only the client is loaded.
      process.exitCode = await (await import('./credentials.js')).credentialsCommand(rest);
      return;
    case 'workload':
      process.exitCode = await (await import('./workload.js')).workloadCommand(rest);
      return;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    case 'version':
    case '--version':
    case '-v':
      process.stdout.write(`gatehouse ${version()}\n`);
      return;
    default:
      process.stderr.write(`gatehouse: unknown command \`${command}\`\n\n${USAGE}`);
      process.exit(2);
  }
}

main().catch((err: unknown) => {
  if (
    (err instanceof Error && err.constructor.name === 'ConfigError') ||
    (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
  ) {
    process.stderr.write(`gatehouse: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`gatehouse: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
