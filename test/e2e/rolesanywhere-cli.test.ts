import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { AWS_CLI_SKIP, AwsCliHome } from '../support/awscli.js';
import { botocoreDataPath } from '../support/botocoreModels.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';
import { crl, issue, rootCa, type Issued } from '../support/pki.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * IAM Roles Anywhere through the unmodified AWS CLI: the control plane (given the model Gatehouse
 * serves, which postdates Debian's CLI 2.9, through AWS_DATA_PATH), and a profile whose
 * `credential_process` is `gatehouse credentials x509 …`, as users configure AWS's own helper.
 */
describe('aws rolesanywhere and credential_process = gatehouse credentials x509', { skip: AWS_CLI_SKIP }, () => {
  let server: TestServer;
  let home: AwsCliHome;
  let models: { dir: string; remove(): Promise<void> };
  let ca: Issued;
  let leaf: Issued;
  let trustAnchorArn: string;
  let profileArn: string;
  let roleArn: string;

  const json = async (name: string, value: unknown) => {
    const path = join(home.dir, name);
    await writeFile(path, JSON.stringify(value));
    return `file://${path}`;
  };

  before(async () => {
    server = await startTestServer();
    home = await AwsCliHome.create(server.endpoint);
    await home.addProfile('default', server.credentials);
    models = await botocoreDataPath(['rolesanywhere-2018-05-10']);
    home.env['AWS_DATA_PATH'] = models.dir;
    // `gatehouse` on the PATH, as an installed package puts it.
    const bin = join(home.dir, 'bin');
    await (await import('node:fs/promises')).mkdir(bin);
    await writeFile(join(bin, 'gatehouse'), `#!/bin/sh\nexec "${process.execPath}" --import tsx "${join(ROOT, 'src/cli/main.ts')}" "$@"\n`);
    await chmod(join(bin, 'gatehouse'), 0o755);
    home.env['PATH'] = `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`;
    ca = await rootCa('CN=CLI Root CA', { kind: 'rsa' });
    leaf = await issue(ca, 'CN=cli-workload, O=Example', { kind: 'rsa' });
    await writeFile(join(home.dir, 'workload.pem'), leaf.pem);
    await writeFile(join(home.dir, 'workload.key'), leaf.keyPem, { mode: 0o600 });
  });
  after(async () => {
    await server.stop();
    await home.remove();
    await models.remove();
  });

  it('manages trust anchors, profiles, CRLs, notification settings and tags', async () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'rolesanywhere.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
          Condition: { StringEquals: { 'aws:PrincipalTag/x509Subject/CN': 'cli-workload' } },
        },
      ],
    };
    roleArn = (
      await home.json<{ Role: { Arn: string } }>([
        'iam',
        'create-role',
        '--role-name',
        'cli-workload',
        '--assume-role-policy-document',
        await json('trust.json', trust),
      ])
    ).Role.Arn;
    const anchor = await home.json<{ trustAnchor: Record<string, any> }>([
      'rolesanywhere',
      'create-trust-anchor',
      '--cli-input-json',
      await json('anchor.json', { name: 'cli-root', enabled: true, source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: ca.pem } } }),
    ]);
    trustAnchorArn = anchor.trustAnchor['trustAnchorArn'];
    assert.match(trustAnchorArn, new RegExp(`^arn:aws:rolesanywhere:us-east-1:${TEST_ACCOUNT_ID}:trust-anchor/[0-9a-f-]{36}$`));
    assert.deepEqual(
      anchor.trustAnchor['notificationSettings'].map((s: Record<string, unknown>) => [s['event'], s['enabled'], s['threshold'], s['configuredBy']]),
      [
        ['CA_CERTIFICATE_EXPIRY', true, 45, 'rolesanywhere.amazonaws.com'],
        ['END_ENTITY_CERTIFICATE_EXPIRY', true, 45, 'rolesanywhere.amazonaws.com'],
      ],
    );
    const id = anchor.trustAnchor['trustAnchorId'];
    const put = await home.json<{ trustAnchor: Record<string, any> }>([
      'rolesanywhere',
      'put-notification-settings',
      '--trust-anchor-id',
      id,
      '--notification-settings',
      'enabled=false,event=END_ENTITY_CERTIFICATE_EXPIRY,threshold=10',
    ]);
    assert.deepEqual(
      put.trustAnchor['notificationSettings'].find((s: Record<string, unknown>) => s['event'] === 'END_ENTITY_CERTIFICATE_EXPIRY'),
      { channel: 'ALL', configuredBy: `arn:aws:iam::${TEST_ACCOUNT_ID}:root`, enabled: false, event: 'END_ENTITY_CERTIFICATE_EXPIRY', threshold: 10 },
    );
    const reset = await home.json<{ trustAnchor: Record<string, any> }>([
      'rolesanywhere',
      'reset-notification-settings',
      '--trust-anchor-id',
      id,
      '--notification-setting-keys',
      'event=END_ENTITY_CERTIFICATE_EXPIRY',
    ]);
    assert.equal(reset.trustAnchor['notificationSettings'][1]['threshold'], 45);

    const profile = await home.json<{ profile: Record<string, any> }>([
      'rolesanywhere',
      'create-profile',
      '--name',
      'cli-profile',
      '--role-arns',
      roleArn,
      '--enabled',
      '--duration-seconds',
      '1800',
    ]);
    profileArn = profile.profile['profileArn'];
    assert.equal(profile.profile['durationSeconds'], 1800);
    assert.equal(profile.profile['createdBy'], `arn:aws:iam::${TEST_ACCOUNT_ID}:root`);
    const mapped = await home.json<{ profile: Record<string, any> }>([
      'rolesanywhere',
      'put-attribute-mapping',
      '--profile-id',
      profile.profile['profileId'],
      '--certificate-field',
      'x509Subject',
      '--mapping-rules',
      'specifier=CN',
      'specifier=O',
    ]);
    assert.deepEqual(
      mapped.profile['attributeMappings'].find((m: Record<string, unknown>) => m['certificateField'] === 'x509Subject'),
      { certificateField: 'x509Subject', mappingRules: [{ specifier: 'CN' }, { specifier: 'O' }] },
    );

    await writeFile(join(home.dir, 'crl.der'), await crl(ca, []));
    const imported = await home.json<{ crl: Record<string, any> }>([
      'rolesanywhere',
      'import-crl',
      '--name',
      'cli-crl',
      '--crl-data',
      `fileb://${join(home.dir, 'crl.der')}`,
      '--trust-anchor-arn',
      trustAnchorArn,
      '--tags',
      'key=team,value=platform',
    ]);
    assert.equal(imported.crl['enabled'], false);
    const tags = await home.json<{ tags: { key: string; value: string }[] }>([
      'rolesanywhere',
      'list-tags-for-resource',
      '--resource-arn',
      imported.crl['crlArn'],
    ]);
    assert.deepEqual(tags.tags, [{ key: 'team', value: 'platform' }]);
    assert.equal((await home.json<{ crls: unknown[] }>(['rolesanywhere', 'list-crls'])).crls.length, 1);
    const bad = await home.aws(['rolesanywhere', 'import-crl', '--name', 'x', '--crl-data', 'fileb:///etc/hostname', '--trust-anchor-arn', trustAnchorArn]);
    assert.equal(bad.code, 254);
    assert.match(bad.stderr, /ValidationException.*Invalid CRL/);
    const missing = await home.aws(['rolesanywhere', 'get-profile', '--profile-id', '00000000-0000-0000-0000-000000000000']);
    assert.match(missing.stderr, /ResourceNotFoundException.*Profile not found/);
  });

  it('a credential_process profile gets role credentials the CLI uses', async () => {
    await home.appendConfig(
      `\n[profile workload]\nregion = us-east-1\ncredential_process = gatehouse credentials x509 --certificate ${join(home.dir, 'workload.pem')} --private-key ${join(home.dir, 'workload.key')} --trust-anchor-arn ${trustAnchorArn} --profile-arn ${profileArn} --role-arn ${roleArn} --endpoint ${server.endpoint}\n`,
    );
    const me = await home.json<{ Arn: string; Account: string }>(['--profile', 'workload', 'sts', 'get-caller-identity']);
    const serial = BigInt(`0x${leaf.cert.serialNumber}`).toString(16);
    assert.equal(me.Arn, `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/cli-workload/${serial.length % 2 === 0 ? serial : `0${serial}`}`);
  });

  it('reads the private key from standard input, and says why it fails', async () => {
    const run = (args: string[], input: string) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'credentials', 'x509', ...args], {
          cwd: ROOT,
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(input);
      });
    const args = [
      '--certificate',
      join(home.dir, 'workload.pem'),
      '--private-key',
      '-',
      '--trust-anchor-arn',
      trustAnchorArn,
      '--profile-arn',
      profileArn,
      '--role-arn',
      roleArn,
      '--endpoint',
      server.endpoint,
    ];
    const ok = await run(args, leaf.keyPem);
    assert.equal(ok.code, 0, ok.stderr);
    const out = JSON.parse(ok.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out), ['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration']);
    assert.equal(out['Version'], 1);
    const other = await issue(ca, 'CN=someone-else', { kind: 'rsa' });
    const refused = await run(['--certificate', join(home.dir, 'workload.pem'), ...args.slice(2)], other.keyPem);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /the private key does not belong to the certificate/);
    const usage = await run(['--private-key', '-'], '');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--certificate is required/);
  });
});
