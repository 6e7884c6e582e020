import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, webcrypto, type KeyObject } from 'node:crypto';
import {
  CreateServiceSpecificCredentialCommand,
  DeleteServerCertificateCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  GetServerCertificateCommand,
  GetSSHPublicKeyCommand,
  IAMClient,
  ListServerCertificatesCommand,
  ListServerCertificateTagsCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ResetServiceSpecificCredentialCommand,
  TagServerCertificateCommand,
  UntagServerCertificateCommand,
  UpdateServerCertificateCommand,
  UpdateServiceSpecificCredentialCommand,
  UpdateSigningCertificateCommand,
  UpdateSSHPublicKeyCommand,
  UploadServerCertificateCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { X509CertificateGenerator } from '@peculiar/x509';
import { iamArn, newUniqueId } from '../../src/model/index.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';

/** Wire codes whose SDK exception class is named differently from the code. */
const SDK_NAMES: Record<string, string> = {};

/** Asserts the AWS error code (modeled errors carry the `Exception` suffix in the SDK) and HTTP status. */
async function rejectsWith(promise: Promise<unknown>, code: string, status: number): Promise<void> {
  await assert.rejects(promise, (err: any) => {
    const names = [code, `${code}Exception`, SDK_NAMES[code]];
    assert.ok(names.includes(err.name), `expected ${code}, got ${err.name}: ${err.message}`);
    assert.equal(err.$metadata.httpStatusCode, status);
    return true;
  });
}

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** `ssh-rsa …` text of a public key and its MD5 fingerprint, built here independently of Gatehouse. */
function sshRsa(publicKey: KeyObject): { line: string; fingerprint: string } {
  const jwk = publicKey.export({ format: 'jwk' });
  const mp = (b64: string) => {
    const bytes = Buffer.from(b64, 'base64url');
    return sshString(bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
  };
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), mp(jwk.e!), mp(jwk.n!)]);
  const md5 = createHash('md5').update(blob).digest('hex');
  return { line: `ssh-rsa ${blob.toString('base64')} tester@example`, fingerprint: md5.match(/../g)!.join(':') };
}

function rsaKey(bits = 2048): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: bits });
}

const RSA_ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

/** A self-signed certificate and its PKCS#8 private key, both PEM. */
async function selfSigned(cn: string, notAfter = new Date(Date.now() + 365 * 86_400_000), notBefore = new Date(Date.now() - 86_400_000)) {
  const keys = (await webcrypto.subtle.generateKey(RSA_ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await X509CertificateGenerator.createSelfSigned({ name: `CN=${cn}`, keys, notBefore, notAfter, signingAlgorithm: RSA_ALG });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
  return { pem: cert.toString('pem'), keyPem, notAfter: cert.notAfter };
}

describe('IAM SSH keys, signing and server certificates, service-specific credentials', () => {
  let server: TestServer;
  let iam: IAMClient;

  async function createUser(name: string): Promise<void> {
    await server.gatehouse.store.users.create({
      accountId: TEST_ACCOUNT_ID,
      userId: newUniqueId('user'),
      name,
      arn: iamArn(TEST_ACCOUNT_ID, 'user', '/', name),
    });
  }

  before(async () => {
    server = await startTestServer();
    iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    for (const name of ['alice', 'bob', 'carol']) await createUser(name);
  });
  after(async () => {
    iam.destroy();
    await server.stop();
  });

  describe('SSH public keys', () => {
    it('uploads ssh-rsa and PEM keys, returns both encodings and the MD5 fingerprint', async () => {
      const first = rsaKey();
      const ssh = sshRsa(first.publicKey);
      const up = await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'ALICE', SSHPublicKeyBody: ssh.line }));
      const key = up.SSHPublicKey!;
      assert.equal(key.UserName, 'alice');
      assert.match(key.SSHPublicKeyId!, /^APKA[A-Z2-7]{16}$/);
      assert.equal(key.Fingerprint, ssh.fingerprint);
      assert.equal(key.Status, 'Active');

      const pem = await iam.send(new GetSSHPublicKeyCommand({ UserName: 'alice', SSHPublicKeyId: key.SSHPublicKeyId!, Encoding: 'PEM' }));
      assert.equal(pem.SSHPublicKey!.SSHPublicKeyBody, (first.publicKey.export({ type: 'spki', format: 'pem' }) as string).trimEnd());

      const second = rsaKey();
      const fromPem = await iam.send(
        new UploadSSHPublicKeyCommand({ UserName: 'alice', SSHPublicKeyBody: second.publicKey.export({ type: 'spki', format: 'pem' }) as string }),
      );
      const asSsh = await iam.send(new GetSSHPublicKeyCommand({ UserName: 'alice', SSHPublicKeyId: fromPem.SSHPublicKey!.SSHPublicKeyId!, Encoding: 'SSH' }));
      assert.equal(`${asSsh.SSHPublicKey!.SSHPublicKeyBody} tester@example`, sshRsa(second.publicKey).line);

      await rejectsWith(
        iam.send(new UploadSSHPublicKeyCommand({ UserName: 'alice', SSHPublicKeyBody: first.publicKey.export({ type: 'spki', format: 'pem' }) as string })),
        'DuplicateSSHPublicKey',
        400,
      );
    });

    it('refuses short, malformed and unsupported keys', async () => {
      await rejectsWith(
        iam.send(new UploadSSHPublicKeyCommand({ UserName: 'bob', SSHPublicKeyBody: sshRsa(rsaKey(1024).publicKey).line })),
        'InvalidPublicKey',
        400,
      );
      await rejectsWith(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'bob', SSHPublicKeyBody: 'ssh-rsa AAAAB3NzaC1yc2EAAAA' })), 'InvalidPublicKey', 400);
      const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string;
      await rejectsWith(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'bob', SSHPublicKeyBody: ed })), 'UnrecognizedPublicKeyEncoding', 400);
      await rejectsWith(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'bob', SSHPublicKeyBody: 'hello world' })), 'UnrecognizedPublicKeyEncoding', 400);
      await rejectsWith(
        iam.send(new UploadSSHPublicKeyCommand({ UserName: 'nobody', SSHPublicKeyBody: sshRsa(rsaKey().publicKey).line })),
        'NoSuchEntity',
        404,
      );
      await rejectsWith(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'bad user', SSHPublicKeyBody: 'x' })), 'ValidationError', 400);
      assert.deepEqual((await iam.send(new ListSSHPublicKeysCommand({ UserName: 'bob' }))).SSHPublicKeys, []);
    });

    it('allows 5 keys per user, pages, updates and deletes them', async () => {
      for (let i = 0; i < 5; i++) await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'carol', SSHPublicKeyBody: sshRsa(rsaKey().publicKey).line }));
      await rejectsWith(
        iam.send(new UploadSSHPublicKeyCommand({ UserName: 'carol', SSHPublicKeyBody: sshRsa(rsaKey().publicKey).line })),
        'LimitExceeded',
        409,
      );
      const page1 = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'carol', MaxItems: 3 }));
      assert.equal(page1.IsTruncated, true);
      const page2 = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'carol', MaxItems: 3, Marker: page1.Marker! }));
      assert.equal(page2.IsTruncated, false);
      const ids = [...page1.SSHPublicKeys!, ...page2.SSHPublicKeys!].map((k) => k.SSHPublicKeyId!);
      assert.equal(new Set(ids).size, 5);

      await iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'carol', SSHPublicKeyId: ids[0]!, Status: 'Inactive' }));
      const listed = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'carol' }));
      assert.equal(listed.SSHPublicKeys!.find((k) => k.SSHPublicKeyId === ids[0])!.Status, 'Inactive');
      await rejectsWith(
        iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'carol', SSHPublicKeyId: ids[0]!, Status: 'Bogus' as any })),
        'ValidationError',
        400,
      );

      await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'carol', SSHPublicKeyId: ids[0]! }));
      await rejectsWith(iam.send(new GetSSHPublicKeyCommand({ UserName: 'carol', SSHPublicKeyId: ids[0]!, Encoding: 'SSH' })), 'NoSuchEntity', 404);
      await rejectsWith(iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'alice', SSHPublicKeyId: ids[1]! })), 'NoSuchEntity', 404);
      await rejectsWith(iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'carol', SSHPublicKeyId: 'short' })), 'ValidationError', 400);
    });
  });

  describe('signing certificates', () => {
    it('uploads, lists, updates and deletes certificates of a user and of the root user', async () => {
      const cert = await selfSigned('alice-signing');
      // AWS: the body comes back exactly as uploaded (trailing newline included).
      const body = `${cert.pem.trimEnd()}\n`;
      const up = await iam.send(new UploadSigningCertificateCommand({ UserName: 'alice', CertificateBody: body }));
      assert.equal(up.Certificate!.CertificateBody, body);
      const id = up.Certificate!.CertificateId!;
      assert.match(id, /^[A-Z0-9]{32}$/);
      assert.equal(up.Certificate!.Status, 'Active');
      assert.equal(up.Certificate!.UserName, 'alice');
      await rejectsWith(iam.send(new UploadSigningCertificateCommand({ UserName: 'bob', CertificateBody: cert.pem })), 'DuplicateCertificate', 409);

      await iam.send(new UpdateSigningCertificateCommand({ UserName: 'alice', CertificateId: id, Status: 'Inactive' }));
      const listed = await iam.send(new ListSigningCertificatesCommand({ UserName: 'alice' }));
      assert.deepEqual(
        listed.Certificates!.map((c) => [c.CertificateId, c.Status]),
        [[id, 'Inactive']],
      );
      assert.equal(listed.Certificates![0]!.CertificateBody, body);

      const root = await iam.send(new UploadSigningCertificateCommand({ CertificateBody: (await selfSigned('root')).pem }));
      assert.equal(root.Certificate!.UserName, TEST_ACCOUNT_ID);
      assert.equal((await iam.send(new ListSigningCertificatesCommand({}))).Certificates!.length, 1);

      await iam.send(new DeleteSigningCertificateCommand({ UserName: 'alice', CertificateId: id }));
      await rejectsWith(iam.send(new DeleteSigningCertificateCommand({ UserName: 'alice', CertificateId: id })), 'NoSuchEntity', 404);
    });

    it('refuses malformed, expired and not-yet-valid certificates and a third certificate', async () => {
      await rejectsWith(iam.send(new UploadSigningCertificateCommand({ UserName: 'bob', CertificateBody: 'not a certificate' })), 'MalformedCertificate', 400);
      const expired = await selfSigned('old', new Date(Date.now() - 86_400_000), new Date(Date.now() - 2 * 86_400_000));
      await rejectsWith(iam.send(new UploadSigningCertificateCommand({ UserName: 'bob', CertificateBody: expired.pem })), 'MalformedCertificate', 400);
      const future = await selfSigned('future', new Date(Date.now() + 2 * 86_400_000), new Date(Date.now() + 86_400_000));
      await rejectsWith(iam.send(new UploadSigningCertificateCommand({ UserName: 'bob', CertificateBody: future.pem })), 'InvalidCertificate', 400);
      await iam.send(new UploadSigningCertificateCommand({ UserName: 'bob', CertificateBody: (await selfSigned('b1')).pem }));
      await iam.send(new UploadSigningCertificateCommand({ UserName: 'bob', CertificateBody: (await selfSigned('b2')).pem }));
      await rejectsWith(
        iam.send(new UploadSigningCertificateCommand({ UserName: 'bob', CertificateBody: (await selfSigned('b3')).pem })),
        'LimitExceeded',
        409,
      );
      const page = await iam.send(new ListSigningCertificatesCommand({ UserName: 'bob', MaxItems: 1 }));
      assert.equal(page.IsTruncated, true);
      const rest = await iam.send(new ListSigningCertificatesCommand({ UserName: 'bob', MaxItems: 1, Marker: page.Marker! }));
      assert.equal(rest.IsTruncated, false);
      assert.notEqual(rest.Certificates![0]!.CertificateId, page.Certificates![0]!.CertificateId);
    });
  });

  describe('server certificates', () => {
    it('uploads with a matching key, seals the key and never returns it', async () => {
      const leaf = await selfSigned('www.example.com');
      const ca = await selfSigned('Example CA');
      const up = await iam.send(
        new UploadServerCertificateCommand({
          ServerCertificateName: 'web',
          Path: '/cloudfront/',
          CertificateBody: leaf.pem,
          PrivateKey: leaf.keyPem,
          CertificateChain: ca.pem,
          Tags: [{ Key: 'env', Value: 'prod' }],
        }),
      );
      const meta = up.ServerCertificateMetadata!;
      assert.equal(meta.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:server-certificate/cloudfront/web`);
      assert.match(meta.ServerCertificateId!, /^ASCA[A-Z0-9]{17}$/);
      assert.equal(meta.Expiration!.getTime(), Math.floor(leaf.notAfter.getTime() / 1000) * 1000);
      assert.deepEqual(up.Tags, [{ Key: 'env', Value: 'prod' }]);

      const got = await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'WEB' }));
      assert.equal(got.ServerCertificate!.CertificateBody, leaf.pem.trim());
      assert.equal(got.ServerCertificate!.CertificateChain, ca.pem.trim());
      assert.ok(!JSON.stringify(got).includes('PRIVATE KEY'));
      const row = await server.gatehouse.store.db.selectFrom('server_certificates').select('private_key_sealed').executeTakeFirstOrThrow();
      assert.ok(!row.private_key_sealed.includes('PRIVATE KEY'));

      await rejectsWith(
        iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'Web', CertificateBody: leaf.pem, PrivateKey: leaf.keyPem })),
        'EntityAlreadyExists',
        409,
      );
    });

    it('refuses a key that does not match, a malformed body and a bad name', async () => {
      const a = await selfSigned('a');
      const b = await selfSigned('b');
      await rejectsWith(
        iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'mix', CertificateBody: a.pem, PrivateKey: b.keyPem })),
        'KeyPairMismatch',
        400,
      );
      await rejectsWith(
        iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'junk', CertificateBody: 'junk', PrivateKey: a.keyPem })),
        'MalformedCertificate',
        400,
      );
      await rejectsWith(
        iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'bad/name', CertificateBody: a.pem, PrivateKey: a.keyPem })),
        'ValidationError',
        400,
      );
      await rejectsWith(iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'mix' })), 'NoSuchEntity', 404);
    });

    it('renames, moves, tags, lists by path and deletes', async () => {
      const c = await selfSigned('api');
      await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'api', Path: '/elb/', CertificateBody: c.pem, PrivateKey: c.keyPem }));
      await iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'api', Tags: [{ Key: 'team', Value: 'core' }] }));
      await rejectsWith(
        iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'api', NewServerCertificateName: 'WEB' })),
        'EntityAlreadyExists',
        409,
      );
      await iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'api', NewServerCertificateName: 'api-v2', NewPath: '/elb/v2/' }));
      const got = await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'api-v2' }));
      assert.equal(got.ServerCertificate!.ServerCertificateMetadata!.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:server-certificate/elb/v2/api-v2`);
      assert.deepEqual((await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'api-v2' }))).Tags, [{ Key: 'team', Value: 'core' }]);
      await iam.send(new UntagServerCertificateCommand({ ServerCertificateName: 'api-v2', TagKeys: ['TEAM'] }));
      assert.deepEqual((await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'api-v2' }))).Tags, []);

      const elb = await iam.send(new ListServerCertificatesCommand({ PathPrefix: '/elb/' }));
      assert.deepEqual(
        elb.ServerCertificateMetadataList!.map((m) => m.ServerCertificateName),
        ['api-v2'],
      );

      await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'api-v2' }));
      await rejectsWith(iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'api-v2' })), 'NoSuchEntity', 404);
    });

    it('allows 20 certificates per account and pages through them', async () => {
      const c = await selfSigned('bulk');
      const existing = (await iam.send(new ListServerCertificatesCommand({}))).ServerCertificateMetadataList!.length;
      for (let i = existing; i < 20; i++) {
        await iam.send(
          new UploadServerCertificateCommand({ ServerCertificateName: `bulk-${String(i).padStart(2, '0')}`, CertificateBody: c.pem, PrivateKey: c.keyPem }),
        );
      }
      await rejectsWith(
        iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'one-too-many', CertificateBody: c.pem, PrivateKey: c.keyPem })),
        'LimitExceeded',
        409,
      );
      const names: string[] = [];
      let marker: string | undefined;
      do {
        const page = await iam.send(new ListServerCertificatesCommand({ MaxItems: 7, ...(marker ? { Marker: marker } : {}) }));
        names.push(...page.ServerCertificateMetadataList!.map((m) => m.ServerCertificateName!));
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker !== undefined);
      assert.equal(names.length, 20);
      assert.deepEqual(
        names,
        [...names].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())),
      );
    });
  });

  describe('service-specific credentials', () => {
    it('creates a credential with a one-time password, sealed at rest', async () => {
      const out = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'alice', ServiceName: 'codecommit.amazonaws.com' }));
      const cred = out.ServiceSpecificCredential!;
      assert.equal(cred.ServiceUserName, `alice-at-${TEST_ACCOUNT_ID}`);
      assert.match(cred.ServiceSpecificCredentialId!, /^ACCA[A-Z0-9]{17}$/);
      assert.equal(cred.ServicePassword!.length, 44);
      assert.equal(cred.Status, 'Active');
      const rows = await server.gatehouse.store.db.selectFrom('service_specific_credentials').select('password_sealed').execute();
      assert.ok(rows.every((r) => !r.password_sealed.includes(cred.ServicePassword!)));

      const listed = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'alice' }));
      assert.equal(listed.ServiceSpecificCredentials!.length, 1);
      assert.equal((listed.ServiceSpecificCredentials![0] as any).ServicePassword, undefined);

      const reset = await iam.send(
        new ResetServiceSpecificCredentialCommand({ UserName: 'alice', ServiceSpecificCredentialId: cred.ServiceSpecificCredentialId! }),
      );
      assert.notEqual(reset.ServiceSpecificCredential!.ServicePassword, cred.ServicePassword);
      assert.equal(reset.ServiceSpecificCredential!.ServicePassword!.length, 44);
    });

    it('allows 2 per user per service, filters by service, updates and deletes', async () => {
      const create = (service: string) => iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'bob', ServiceName: service }));
      // AWS (recorded): an unsupported service is NoSuchEntity, for Create and for List.
      await rejectsWith(create('s3.amazonaws.com'), 'NoSuchEntity', 404);
      await assert.rejects(iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'bob', ServiceName: 'lambda.amazonaws.com' })), {
        name: 'NoSuchEntityException',
        message: 'No such service lambda.amazonaws.com is supported for Service Specific Credentials',
      });
      const first = (await create('codecommit.amazonaws.com')).ServiceSpecificCredential!;
      await create('codecommit.amazonaws.com');
      await rejectsWith(create('codecommit.amazonaws.com'), 'LimitExceeded', 409);
      await create('cassandra.amazonaws.com');
      const keyspaces = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'bob', ServiceName: 'cassandra.amazonaws.com' }));
      assert.deepEqual(
        keyspaces.ServiceSpecificCredentials!.map((c) => c.ServiceName),
        ['cassandra.amazonaws.com'],
      );

      await iam.send(
        new UpdateServiceSpecificCredentialCommand({ UserName: 'bob', ServiceSpecificCredentialId: first.ServiceSpecificCredentialId!, Status: 'Inactive' }),
      );
      const all = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'bob' }));
      assert.equal(all.ServiceSpecificCredentials!.length, 3);
      assert.equal(all.ServiceSpecificCredentials!.find((c) => c.ServiceSpecificCredentialId === first.ServiceSpecificCredentialId)!.Status, 'Inactive');

      await iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'bob', ServiceSpecificCredentialId: first.ServiceSpecificCredentialId! }));
      await assert.rejects(
        iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'bob', ServiceSpecificCredentialId: first.ServiceSpecificCredentialId! })),
        {
          name: 'NoSuchEntityException',
          message: `No such credential ${first.ServiceSpecificCredentialId} exists`,
        },
      );
      await rejectsWith(
        iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'nobody', ServiceName: 'codecommit.amazonaws.com' })),
        'NoSuchEntity',
        404,
      );
      await rejectsWith(
        iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'bob', ServiceSpecificCredentialId: 'tooshort' })),
        'ValidationError',
        400,
      );
    });
  });
});
