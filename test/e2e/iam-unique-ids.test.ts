import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import {
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  IAMClient,
  UploadServerCertificateCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { X509CertificateGenerator } from '@peculiar/x509';
import { startTestServer, type TestServer } from '../support/gatehouse.js';

/**
 * AWS's identifiers are base32 after their prefix: A–Z and 2–7, never 0, 1, 8 or 9
 * (IAM User Guide, reference_identifiers, "Understand unique ID prefixes"; the API reference's
 * examples `AIDACKCEVSQ6C2EXAMPLE`, `AKIAIOSFODNN7EXAMPLE`, `APKAEIBAERJR2EXAMPLE`).
 */
const PATTERNS = {
  user: /^AIDA[A-Z2-7]{17}$/,
  group: /^AGPA[A-Z2-7]{17}$/,
  role: /^AROA[A-Z2-7]{17}$/,
  policy: /^ANPA[A-Z2-7]{17}$/,
  instanceProfile: /^AIPA[A-Z2-7]{17}$/,
  serverCertificate: /^ASCA[A-Z2-7]{17}$/,
  serviceSpecificCredential: /^ACCA[A-Z2-7]{17}$/,
  sshPublicKey: /^APKA[A-Z2-7]{16}$/,
  signingCertificate: /^[A-Z2-7]{32}$/,
  accessKey: /^AKIA[A-Z2-7]{16}$/,
  sessionAccessKey: /^ASIA[A-Z2-7]{16}$/,
};

/**
 * Enough IDs of each kind that an alphabet with the digits 0, 1, 8 and 9 would show one: each
 * 17-character ID over 36 characters avoids all four with probability (32/36)^17 ≈ 0.13, so six
 * of them all do with probability below 10^-5.
 */
const SAMPLES = 6;

const RSA_ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

async function selfSigned(cn: string): Promise<{ pem: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(RSA_ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await X509CertificateGenerator.createSelfSigned({
    name: `CN=${cn}`,
    keys,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000),
    signingAlgorithm: RSA_ALG,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return { pem: cert.toString('pem'), keyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n` };
}

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }] });

describe('IAM and STS identifiers have AWS shape (base32 after the prefix)', () => {
  let server: TestServer;
  let iam: IAMClient;

  before(async () => {
    server = await startTestServer();
    iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  });
  after(async () => {
    iam.destroy();
    await server.stop();
  });

  it('unique IDs of users, groups, roles, policies and instance profiles', async () => {
    for (let i = 0; i < SAMPLES; i++) {
      assert.match((await iam.send(new CreateUserCommand({ UserName: `user${i}` }))).User!.UserId!, PATTERNS.user);
      assert.match((await iam.send(new CreateGroupCommand({ GroupName: `group${i}` }))).Group!.GroupId!, PATTERNS.group);
      assert.match((await iam.send(new CreateRoleCommand({ RoleName: `role${i}`, AssumeRolePolicyDocument: TRUST }))).Role!.RoleId!, PATTERNS.role);
      assert.match((await iam.send(new CreatePolicyCommand({ PolicyName: `policy${i}`, PolicyDocument: POLICY }))).Policy!.PolicyId!, PATTERNS.policy);
      assert.match(
        (await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: `profile${i}` }))).InstanceProfile!.InstanceProfileId!,
        PATTERNS.instanceProfile,
      );
    }
  });

  it('access key IDs, long-term and temporary', async () => {
    for (let i = 0; i < SAMPLES; i++) {
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: `user${i}` }))).AccessKey!;
      assert.match(key.AccessKeyId!, PATTERNS.accessKey);
      const sts = new STSClient({
        endpoint: server.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
        maxAttempts: 1,
      });
      try {
        assert.match((await sts.send(new GetSessionTokenCommand({}))).Credentials!.AccessKeyId!, PATTERNS.sessionAccessKey);
      } finally {
        sts.destroy();
      }
    }
  });

  it('SSH public key, signing and server certificate, and service-specific credential IDs', async () => {
    for (let i = 0; i < SAMPLES; i++) {
      const ssh = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
      const sshKey = await iam.send(new UploadSSHPublicKeyCommand({ UserName: `user${i}`, SSHPublicKeyBody: ssh }));
      assert.match(sshKey.SSHPublicKey!.SSHPublicKeyId!, PATTERNS.sshPublicKey);
      const signing = await selfSigned(`signing${i}`);
      const cert = await iam.send(new UploadSigningCertificateCommand({ UserName: `user${i}`, CertificateBody: signing.pem }));
      assert.match(cert.Certificate!.CertificateId!, PATTERNS.signingCertificate);
      const server509 = await selfSigned(`server${i}`);
      const uploaded = await iam.send(
        new UploadServerCertificateCommand({ ServerCertificateName: `cert${i}`, CertificateBody: server509.pem, PrivateKey: server509.keyPem }),
      );
      assert.match(uploaded.ServerCertificateMetadata!.ServerCertificateId!, PATTERNS.serverCertificate);
      const credential = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: `user${i}`, ServiceName: 'codecommit.amazonaws.com' }));
      assert.match(credential.ServiceSpecificCredential!.ServiceSpecificCredentialId!, PATTERNS.serviceSpecificCredential);
    }
  });
});
