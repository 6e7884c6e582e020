#!/usr/bin/env node
import { parseArgs } from 'node:util';

const USAGE = `Usage: gatehouse <command> [options]

Commands:
  serve     Start the Gatehouse server (AWS IAM, STS and more on one endpoint)
  audit     verify the audit trail's integrity, or export it (gatehouse audit --help)
  validate  check IAM policies, CloudFormation templates and Terraform plans offline with
            IAM Access Analyzer's policy checks (gatehouse validate --help)
  check     IAM Access Analyzer's custom policy checks offline: no new access, access not
            granted, no public access (gatehouse check --help)

Options for serve (each also from an environment variable):
  --host <addr>        listen address            GATEHOUSE_HOST          (default 127.0.0.1)
  --port <n>           listen port               GATEHOUSE_PORT          (default 4747)
  --data-dir <dir>     data directory            GATEHOUSE_DATA_DIR      (default ./.gatehouse)
  --database <url>     postgres://… to use PostgreSQL instead of the embedded SQLite file
                                                 GATEHOUSE_DATABASE_URL
  --log-level <level>  fatal|error|warn|info|debug|trace|silent
                                                 GATEHOUSE_LOG_LEVEL     (default info)
  --dev                test-suite mode: fixed root keys allowed, POST /_gatehouse/reset
                                                 GATEHOUSE_DEV=1
  --ops-token <token>  bearer token for the metrics and the health details
                                                 GATEHOUSE_OPS_TOKEN
  --metrics-address <host:port>  separate listener for /metrics and health
                                                 GATEHOUSE_METRICS_ADDRESS
  --s3-dir <dir>       where S3 object bytes live (a directory every node shares, with PostgreSQL)
                                                 GATEHOUSE_S3_DIR  (default: <data-dir>/s3 on SQLite,
                                                 PostgreSQL large objects on PostgreSQL)
Other environment: GATEHOUSE_ACCOUNT_ID, GATEHOUSE_ROOT_ACCESS_KEY_ID, GATEHOUSE_ROOT_SECRET_ACCESS_KEY (dev only),
GATEHOUSE_MASTER_KEY (32 bytes, base64 or hex), GATEHOUSE_REGION (default us-east-1).
Audit (docs/audit.md): GATEHOUSE_AUDIT_RETENTION_DAYS (default 90), GATEHOUSE_AUDIT_DELIVERY_SECONDS (default 60),
GATEHOUSE_AUDIT_DIGEST_SECONDS (default 3600), GATEHOUSE_AUDIT=off (UNSAFE: no records; dev and benchmarks only).
`;

async function serve(argv: string[]): Promise<void> {
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
      accountId: state.accountId,
      storage: gatehouse.store.kind,
      dev: config.dev,
      ...(gatehouse.metricsEndpoint !== undefined ? { metricsEndpoint: gatehouse.metricsEndpoint } : {}),
    },
    'gatehouse listening',
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
    case 'validate':
      // The server is not loaded: validation is offline.
      process.exitCode = await (await import('./validate.js')).validateCommand(rest);
      return;
    case 'check':
      // The server is not loaded: the checks are offline.
      process.exitCode = await (await import('./check.js')).checkCommand(rest);
      return;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
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
