import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetMFADeviceCommand,
  IAMClient,
  ListMFADevicesCommand,
  ListMFADeviceTagsCommand,
  ListVirtualMFADevicesCommand,
  ResyncMFADeviceCommand,
  TagMFADeviceCommand,
  UntagMFADeviceCommand,
} from '@aws-sdk/client-iam';
import { HOTP, Secret } from 'otpauth';
import QRCode from 'qrcode';
import { iamArn, newUniqueId } from '../../src/model/index.js';
import { verifyMfaCode } from '../../src/services/shared/mfaCodes.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';

/** The six-digit code of a base32 seed for a 30-second step, computed independently of Gatehouse's TOTP module. */
function code(seed: string, step: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(seed), counter: step, digits: 6 });
}

/** Asserts the AWS error code (modeled errors carry the `Exception` suffix in the SDK) and HTTP status. */
async function rejectsWith(promise: Promise<unknown>, code: string, status: number): Promise<void> {
  await assert.rejects(promise, (err: any) => {
    assert.ok(err.name === code || err.name === `${code}Exception`, `expected ${code}, got ${err.name}: ${err.message}`);
    assert.equal(err.$metadata.httpStatusCode, status);
    return true;
  });
}

describe('IAM virtual MFA devices', () => {
  // A frozen server clock, 5 s into a TOTP step and close to real time so SigV4 accepts requests.
  let now = new Date(Math.floor(Date.now() / 30_000) * 30_000 + 5_000);
  const step = () => Math.floor(now.getTime() / 30_000);
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

  async function createDevice(name: string, path?: string): Promise<{ serial: string; seed: string }> {
    const out = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, ...(path ? { Path: path } : {}) }));
    const device = out.VirtualMFADevice!;
    return { serial: device.SerialNumber!, seed: Buffer.from(device.Base32StringSeed!).toString('ascii') };
  }

  async function enable(userName: string, serial: string, seed: string): Promise<void> {
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: userName,
        SerialNumber: serial,
        AuthenticationCode1: code(seed, step() - 1),
        AuthenticationCode2: code(seed, step()),
      }),
    );
  }

  before(async () => {
    server = await startTestServer({ clock: () => now });
    iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    await createUser('alice');
    await createUser('bob');
  });
  after(async () => {
    iam.destroy();
    await server.stop();
  });

  it('creates a device with a base32 seed, a PNG QR code and an ARN serial number', async () => {
    const out = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'phone', Path: '/team/', Tags: [{ Key: 'owner', Value: 'alice' }] }));
    const device = out.VirtualMFADevice!;
    assert.equal(device.SerialNumber, `arn:aws:iam::${TEST_ACCOUNT_ID}:mfa/team/phone`);
    assert.match(Buffer.from(device.Base32StringSeed!).toString('ascii'), /^[A-Z2-7]{64}$/);
    assert.deepEqual([...Buffer.from(device.QRCodePNG!).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // QR encoding is deterministic: the same URI renders the same PNG.
    const seed = Buffer.from(device.Base32StringSeed!).toString('ascii');
    const expected = await QRCode.toBuffer(`otpauth://totp/phone@${TEST_ACCOUNT_ID}?secret=${seed}`, { type: 'png' });
    assert.ok(expected.equals(Buffer.from(device.QRCodePNG!)), 'the QR code encodes the otpauth URI');
    assert.deepEqual(device.Tags, [{ Key: 'owner', Value: 'alice' }]);

    const listed = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
    const entry = listed.VirtualMFADevices!.find((d) => d.SerialNumber === device.SerialNumber)!;
    assert.equal(entry.Base32StringSeed, undefined, 'the seed is never returned again');
    assert.equal(entry.QRCodePNG, undefined);
    assert.equal(entry.User, undefined);
    assert.equal(entry.Tags, undefined, 'listings omit tags');
  });

  it('refuses a second device at the same path and name, in any case', async () => {
    await createDevice('dup');
    await rejectsWith(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'DUP' })), 'EntityAlreadyExists', 409);
  });

  it('refuses bad names, paths and tags before creating anything', async () => {
    await rejectsWith(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'bad name' })), 'ValidationError', 400);
    await rejectsWith(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'p', Path: 'nopath' })), 'ValidationError', 400);
    await rejectsWith(
      iam.send(
        new CreateVirtualMFADeviceCommand({
          VirtualMFADeviceName: 'tagged',
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'A', Value: '2' },
          ],
        }),
      ),
      'InvalidInput',
      400,
    );
    const all = await iam.send(new ListVirtualMFADevicesCommand({}));
    assert.ok(!all.VirtualMFADevices!.some((d) => /bad name|mfa\/p$|tagged/.test(d.SerialNumber!)));
  });

  it('enables only with two consecutive valid codes at the server time', async () => {
    const { serial, seed } = await createDevice('alice-phone');
    const attempt = (c1: string, c2: string) =>
      iam.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: serial, AuthenticationCode1: c1, AuthenticationCode2: c2 }));
    const wrong = code(seed, step()) === '000000' ? '111111' : '000000';
    await rejectsWith(attempt(wrong, code(seed, step())), 'InvalidAuthenticationCode', 403);
    await rejectsWith(attempt(code(seed, step()), code(seed, step() - 1)), 'InvalidAuthenticationCode', 403);
    await rejectsWith(attempt(code(seed, step() - 2), code(seed, step())), 'InvalidAuthenticationCode', 403);
    await rejectsWith(attempt(code(seed, step() + 40), code(seed, step() + 41)), 'InvalidAuthenticationCode', 403);
    await rejectsWith(attempt('12345', '123456'), 'ValidationError', 400);
    await attempt(code(seed, step() - 1), code(seed, step()));

    const listed = await iam.send(new ListMFADevicesCommand({ UserName: 'ALICE' }));
    assert.equal(listed.MFADevices!.length, 1);
    assert.equal(listed.MFADevices![0]!.UserName, 'alice');
    assert.equal(listed.MFADevices![0]!.SerialNumber, serial);
    assert.equal(listed.MFADevices![0]!.EnableDate!.getTime(), Math.floor(now.getTime() / 1000) * 1000);

    const assigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
    const entry = assigned.VirtualMFADevices!.find((d) => d.SerialNumber === serial)!;
    assert.equal(entry.User?.UserName, 'alice');
    assert.equal(entry.User?.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice`);
    assert.ok(entry.EnableDate instanceof Date);

    // AWS: GetMFADevice accepts FIDO security key ARNs only.
    await rejectsWith(iam.send(new GetMFADeviceCommand({ SerialNumber: serial, UserName: 'alice' })), 'NoSuchEntity', 404);
    await rejectsWith(iam.send(new GetMFADeviceCommand({ SerialNumber: serial, UserName: 'nobody' })), 'NoSuchEntity', 404);

    await rejectsWith(attempt(code(seed, step() - 1), code(seed, step())), 'EntityAlreadyExists', 409);
    await rejectsWith(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })), 'DeleteConflict', 409);
  });

  it('resyncs with fresh consecutive codes, refusing codes already used', async () => {
    const { serial, seed } = await createDevice('bob-phone');
    await enable('bob', serial, seed);
    const resync = (c1: string, c2: string) =>
      iam.send(new ResyncMFADeviceCommand({ UserName: 'bob', SerialNumber: serial, AuthenticationCode1: c1, AuthenticationCode2: c2 }));
    await rejectsWith(resync(code(seed, step() - 1), code(seed, step())), 'InvalidAuthenticationCode', 403);
    // The device runs five steps ahead of the server: resync re-anchors it.
    await resync(code(seed, step() + 5), code(seed, step() + 6));
    assert.ok(await verifyMfaCode(server.gatehouse.store, serial, code(seed, step() + 7), now));
    assert.equal(await verifyMfaCode(server.gatehouse.store, serial, code(seed, step() + 7), now), undefined, 'a code is accepted once');
    await rejectsWith(
      iam.send(new ResyncMFADeviceCommand({ UserName: 'alice', SerialNumber: serial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' })),
      'NoSuchEntity',
      404,
    );
  });

  it('verifies single codes for STS within the clock-skew window, once each', async () => {
    await createUser('carol');
    const { serial, seed } = await createDevice('carol-phone');
    const store = server.gatehouse.store;
    assert.equal(await verifyMfaCode(store, serial, code(seed, step()), now), undefined, 'not enabled yet');
    now = new Date(now.getTime() + 60_000);
    await enable('carol', serial, seed);
    now = new Date(now.getTime() + 30_000);
    assert.equal(await verifyMfaCode(store, serial, code(seed, step() - 1), now), undefined, 'used by EnableMFADevice');
    assert.equal(await verifyMfaCode(store, serial, code(seed, step() + 2), now), undefined, 'outside the window');
    const device = await verifyMfaCode(store, serial, code(seed, step()), now);
    assert.equal(device?.userName, 'carol');
    assert.equal(await verifyMfaCode(store, serial, code(seed, step()), now), undefined, 'replayed');
  });

  it('deactivates, then deletes, a device', async () => {
    await createUser('dave');
    const { serial, seed } = await createDevice('dave-phone');
    await enable('dave', serial, seed);
    await rejectsWith(iam.send(new DeactivateMFADeviceCommand({ UserName: 'alice', SerialNumber: serial })), 'NoSuchEntity', 404);
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'dave', SerialNumber: serial }));
    assert.deepEqual((await iam.send(new ListMFADevicesCommand({ UserName: 'dave' }))).MFADevices, []);
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    await rejectsWith(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })), 'NoSuchEntity', 404);
    await rejectsWith(
      iam.send(new EnableMFADeviceCommand({ UserName: 'nobody', SerialNumber: serial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' })),
      'NoSuchEntity',
      404,
    );
  });

  it('allows 8 devices per user', async () => {
    await createUser('erin');
    for (let i = 0; i < 8; i++) {
      const { serial, seed } = await createDevice(`erin-${i}`);
      await enable('erin', serial, seed);
    }
    const { serial, seed } = await createDevice('erin-8');
    await rejectsWith(
      iam.send(
        new EnableMFADeviceCommand({
          UserName: 'erin',
          SerialNumber: serial,
          AuthenticationCode1: code(seed, step() - 1),
          AuthenticationCode2: code(seed, step()),
        }),
      ),
      'LimitExceeded',
      409,
    );
    const page1 = await iam.send(new ListMFADevicesCommand({ UserName: 'erin', MaxItems: 5 }));
    assert.equal(page1.MFADevices!.length, 5);
    assert.equal(page1.IsTruncated, true);
    const page2 = await iam.send(new ListMFADevicesCommand({ UserName: 'erin', MaxItems: 5, Marker: page1.Marker! }));
    assert.equal(page2.MFADevices!.length, 3);
    assert.equal(page2.IsTruncated, false);
  });

  it('pages through virtual devices with MaxItems and Marker', async () => {
    const all = (await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any' }))).VirtualMFADevices!.map((d) => d.SerialNumber);
    const seen: (string | undefined)[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await iam.send(new ListVirtualMFADevicesCommand({ MaxItems: 4, ...(marker ? { Marker: marker } : {}) }));
      seen.push(...page.VirtualMFADevices!.map((d) => d.SerialNumber));
      marker = page.IsTruncated ? page.Marker : undefined;
      pages++;
    } while (marker !== undefined);
    assert.ok(pages > 1);
    assert.deepEqual(seen, all);
    await rejectsWith(iam.send(new ListVirtualMFADevicesCommand({ MaxItems: 0 })), 'ValidationError', 400);
  });

  it('tags and untags a device', async () => {
    const { serial } = await createDevice('tagged-phone');
    await iam.send(
      new TagMFADeviceCommand({
        SerialNumber: serial,
        Tags: [
          { Key: 'team', Value: 'ops' },
          { Key: 'env', Value: 'prod' },
        ],
      }),
    );
    await iam.send(new TagMFADeviceCommand({ SerialNumber: serial, Tags: [{ Key: 'TEAM', Value: 'dev' }] }));
    const tags = await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }));
    assert.deepEqual(tags.Tags, [
      { Key: 'TEAM', Value: 'dev' },
      { Key: 'env', Value: 'prod' },
    ]);
    const first = await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial, MaxItems: 1 }));
    assert.equal(first.IsTruncated, true);
    await iam.send(new UntagMFADeviceCommand({ SerialNumber: serial, TagKeys: ['team'] }));
    assert.deepEqual((await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags, [{ Key: 'env', Value: 'prod' }]);
    const missing = `arn:aws:iam::${TEST_ACCOUNT_ID}:mfa/missing`;
    await rejectsWith(iam.send(new TagMFADeviceCommand({ SerialNumber: missing, Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntity', 404);
  });

  it('lists no devices for the root user, who has none', async () => {
    const out = await iam.send(new ListMFADevicesCommand({}));
    assert.deepEqual(out.MFADevices, []);
  });
});
