import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  AttachPolicyCommand,
  AttachThingPrincipalCommand,
  CreatePolicyCommand,
  CreateRoleAliasCommand,
  CreateThingCommand,
  DescribeCertificateCommand,
  GetRegistrationCodeCommand,
  IoTClient,
  RegisterCACertificateCommand,
  RegisterCertificateCommand,
  RegisterCertificateWithoutCACommand,
  UpdateCertificateCommand,
} from '@aws-sdk/client-iot';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';
import { issue, rootCa, type Issued } from '../support/pki.js';

/**
 * The AWS IoT credentials provider over mutual TLS: a CA and a device certificate registered with
 * the SDK, an IoT policy allowing iot:AssumeRoleWithCertificate, a role alias; the device gets role
 * credentials with its certificate; inactive, unregistered and absent certificates do not.
 */

interface Answer {
  status?: number;
  type?: string;
  json?: Record<string, any>;
  error?: string;
}

describe('AWS IoT credentials provider', () => {
  let server: TestServer;
  let iot: IoTClient;
  let ca: Issued;
  let device: Issued;
  let deviceArn: string;
  let deviceId: string;
  let roleArn: string;

  /** GET /role-aliases/<alias>/credentials over mutual TLS, with the device's certificate (or none). */
  function credentials(alias: string, client: Issued | undefined, thingName?: string): Promise<Answer> {
    const url = new URL(`${server.gatehouse.iotCredentialsEndpoint}/role-aliases/${alias}/credentials`);
    return new Promise((resolve) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'GET',
          ca: server.gatehouse.iotCredentialsCertificate,
          ...(client !== undefined ? { cert: client.pem, key: client.keyPem } : {}),
          headers: thingName !== undefined ? { 'x-amzn-iot-thingname': thingName } : {},
        },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['x-amzn-errortype'] ?? ''), json: JSON.parse(body) }));
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
      req.end();
    });
  }

  before(async () => {
    server = await startTestServer({ env: { GATEHOUSE_IOT_CREDENTIALS_ADDRESS: '127.0.0.1:0' } });
    const base = { endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
    iot = new IoTClient(base);
    const iam = new IAMClient(base);
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'credentials.iot.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    };
    roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'device', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!.Arn!;
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'untrusting',
        AssumeRolePolicyDocument: JSON.stringify({ ...trust, Statement: [{ ...trust.Statement[0], Principal: { Service: 'ec2.amazonaws.com' } }] }),
      }),
    );
    ca = await rootCa('CN=Device CA, O=Example');
    const code = (await iot.send(new GetRegistrationCodeCommand({}))).registrationCode!;
    const verification = await issue(ca, `CN=${code}`);
    await iot.send(new RegisterCACertificateCommand({ caCertificate: ca.pem, verificationCertificate: verification.pem, setAsActive: true }));
    device = await issue(ca, 'CN=sensor-1', { kind: 'p256' });
    const registered = await iot.send(new RegisterCertificateCommand({ certificatePem: device.pem, status: 'ACTIVE' }));
    deviceArn = registered.certificateArn!;
    deviceId = registered.certificateId!;
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iot:AssumeRoleWithCertificate', Resource: `arn:aws:iot:us-east-1:${TEST_ACCOUNT_ID}:rolealias/*` }],
    };
    await iot.send(new CreatePolicyCommand({ policyName: 'credentials', policyDocument: JSON.stringify(policy) }));
    await iot.send(new AttachPolicyCommand({ policyName: 'credentials', target: deviceArn }));
    await iot.send(new CreateRoleAliasCommand({ roleAlias: 'device-role', roleArn, credentialDurationSeconds: 900 }));
    await iot.send(new CreateRoleAliasCommand({ roleAlias: 'untrusting', roleArn: roleArn.replace('/device', '/untrusting') }));
    await iot.send(new CreateThingCommand({ thingName: 'sensor-1' }));
    await iot.send(new AttachThingPrincipalCommand({ thingName: 'sensor-1', principal: deviceArn }));
  });
  after(() => server.stop());

  it('a registered, active device certificate gets role credentials, usable with STS', async () => {
    assert.match(deviceId, /^[0-9a-f]{64}$/);
    assert.equal((await iot.send(new DescribeCertificateCommand({ certificateId: deviceId }))).certificateDescription?.status, 'ACTIVE');
    const out = await credentials('device-role', device, 'sensor-1');
    assert.equal(out.status, 200, JSON.stringify(out.json));
    const c = out.json!['credentials'];
    assert.match(c.accessKeyId, /^ASIA/);
    assert.equal(Date.parse(c.expiration) - Date.now() > 800_000 && Date.parse(c.expiration) - Date.now() <= 900_000, true, 'the alias duration');
    const sts = new STSClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken },
    });
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/device/${deviceId}`);
    assert.equal((await credentials('device-role', device)).status, 200, 'without a thing name too');
  });

  it('answers AWS’s errors: thing, policy, role alias, trust', async () => {
    assert.deepEqual(pick(await credentials('device-role', device, 'sensor-2')), [403, 'AccessDeniedException', 'Invalid thing name passed']);
    assert.deepEqual(pick(await credentials('nope', device)), [404, 'ResourceNotFoundException', 'Role alias does not exist']);
    assert.deepEqual(pick(await credentials('untrusting', device)), [
      400,
      'InvalidRequestException',
      'Unable to assume the role, or the role to assume does not exist',
    ]);
    const stranger = await issue(ca, 'CN=no-policy');
    await iot.send(new RegisterCertificateCommand({ certificatePem: stranger.pem, status: 'ACTIVE' }));
    assert.deepEqual(pick(await credentials('device-role', stranger)), [403, 'AccessDeniedException', 'Access Denied']);
  });

  it('refuses an inactive or unregistered certificate with AWS’s error, and a client without a certificate at the handshake', async () => {
    const inactive = await issue(ca, 'CN=sensor-off');
    const registered = await iot.send(new RegisterCertificateWithoutCACommand({ certificatePem: inactive.pem, status: 'INACTIVE' }));
    await iot.send(new AttachPolicyCommand({ policyName: 'credentials', target: registered.certificateArn! }));
    assert.deepEqual(pick(await credentials('device-role', inactive)), [403, 'AccessDeniedException', 'Certificate is invalid on this endpoint']);
    await iot.send(new UpdateCertificateCommand({ certificateId: registered.certificateId!, newStatus: 'ACTIVE' }));
    assert.equal((await credentials('device-role', inactive)).status, 200, 'active now');
    const unregistered = await issue(await rootCa('CN=Elsewhere'), 'CN=sensor-x');
    assert.deepEqual(pick(await credentials('device-role', unregistered)), [403, 'AccessDeniedException', 'Certificate is invalid on this endpoint']);
    const none = await credentials('device-role', undefined);
    assert.equal(none.status, undefined, 'no HTTP answer');
    assert.match(none.error ?? '', /ECONNRESET|socket hang up|EPIPE/);
  });
});

function pick(answer: Answer): [number | undefined, string | undefined, string | undefined] {
  return [answer.status, answer.type, answer.json?.['message']];
}
