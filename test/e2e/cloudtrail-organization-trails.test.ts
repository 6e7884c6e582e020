/**
 * Organization trails (AWS: CloudTrail User Guide, "Creating a trail for an organization"): made by
 * the management account once CloudTrail has trusted access, seen (not changed) by member
 * accounts, and delivering every account's records under `AWSLogs/O-ID/<account>/` (the
 * management account's alone while CloudTrail has no trusted access), with one digest chain per account.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTrailsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import { IAMClient, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateOrganizationCommand, DisableAWSServiceAccessCommand, EnableAWSServiceAccessCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { verifyTrail } from '../../src/audit/verifyTrail.js';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { rejects } from '../support/rejects.js';
import { clientConfig as config, createMemberAccount, memberRoleSession, userWithPolicy } from '../support/organizations.js';

const BUCKET = 'org-trail-bucket';
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT_ID}:trail/org-trail`;

async function filesBelow(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const gunzipJson = async <T>(path: string): Promise<T> => JSON.parse(gunzipSync(await readFile(path)).toString('utf8')) as T;

describe('CloudTrail organization trails', () => {
  let server: TestServer;
  let orgs: OrganizationsClient;
  let cloudtrail: CloudTrailClient;
  let member: { cloudtrail: CloudTrailClient; iam: IAMClient };
  let memberId: string;
  let orgId: string;

  const folder = (account: string, kind: 'CloudTrail' | 'CloudTrail-Digest') =>
    join(server.dataDir, 'trails', BUCKET, 'AWSLogs', orgId, account, kind, 'us-east-1');
  const logFiles = async (account: string) => (await filesBelow(folder(account, 'CloudTrail'))).filter((f) => f.endsWith('.json.gz'));
  const digests = async (account: string) => (await filesBelow(folder(account, 'CloudTrail-Digest'))).filter((f) => f.endsWith('.json.gz'));
  const deliver = async () => {
    await server.gatehouse.flushAudit();
    await server.gatehouse.audit.deliverer.deliverNow();
  };
  const trailRecord = async () => (await server.gatehouse.store.trails.get(TEST_ACCOUNT_ID, 'org-trail'))!;

  before(async () => {
    server = await startTestServer();
    orgs = new OrganizationsClient(config(server.endpoint, server.credentials));
    cloudtrail = new CloudTrailClient(config(server.endpoint, server.credentials));
  });
  after(async () => {
    await server.stop();
  });

  it('is refused outside an organization, before CloudTrail has trusted access, and from a member account', async () => {
    const create = (client: CloudTrailClient) => client.send(new CreateTrailCommand({ Name: 'org-trail', S3BucketName: BUCKET, IsOrganizationTrail: true }));
    await rejects(create(cloudtrail), 'OrganizationsNotInUseException');

    orgId = (await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!.Id!;
    memberId = await createMemberAccount(orgs, 'workloads');
    const iam = new IAMClient(config(server.endpoint, server.credentials));
    const admin = await userWithPolicy(iam, 'admin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const session = await memberRoleSession(server.endpoint, admin, memberId, 'member-admin');
    member = { cloudtrail: new CloudTrailClient(config(server.endpoint, session)), iam: new IAMClient(config(server.endpoint, session)) };

    await rejects(create(cloudtrail), 'CloudTrailAccessNotEnabledException');
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }));
    await rejects(create(member.cloudtrail), 'NotOrganizationMasterAccountException');
    assert.deepEqual((await cloudtrail.send(new DescribeTrailsCommand({}))).trailList, []);
  });

  it('is made by the management account; a member account sees it by ARN and in its lists, and cannot change it', async () => {
    const created = await cloudtrail.send(
      new CreateTrailCommand({ Name: 'org-trail', S3BucketName: BUCKET, IsOrganizationTrail: true, EnableLogFileValidation: true }),
    );
    assert.equal(created.IsOrganizationTrail, true);
    assert.equal(created.TrailARN, TRAIL_ARN);
    await cloudtrail.send(new StartLoggingCommand({ Name: 'org-trail' }));

    const shown = (await member.cloudtrail.send(new DescribeTrailsCommand({}))).trailList!;
    assert.deepEqual(
      shown.map((t) => [t.TrailARN, t.IsOrganizationTrail]),
      [[TRAIL_ARN, true]],
    );
    assert.deepEqual((await member.cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList, []);
    assert.deepEqual(
      (await member.cloudtrail.send(new DescribeTrailsCommand({ trailNameList: [TRAIL_ARN] }))).trailList!.map((t) => t.Name),
      ['org-trail'],
    );
    assert.deepEqual((await member.cloudtrail.send(new ListTrailsCommand({}))).Trails, [{ TrailARN: TRAIL_ARN, Name: 'org-trail', HomeRegion: 'us-east-1' }]);
    assert.equal((await member.cloudtrail.send(new GetTrailCommand({ Name: TRAIL_ARN }))).Trail!.IsOrganizationTrail, true);
    assert.equal((await member.cloudtrail.send(new GetTrailStatusCommand({ Name: TRAIL_ARN }))).IsLogging, true);
    // By name, a trail is the caller's own.
    await rejects(member.cloudtrail.send(new GetTrailCommand({ Name: 'org-trail' })), 'TrailNotFoundException');
    for (const change of [
      new StopLoggingCommand({ Name: TRAIL_ARN }),
      new DeleteTrailCommand({ Name: TRAIL_ARN }),
      new UpdateTrailCommand({ Name: TRAIL_ARN, IsOrganizationTrail: false }),
    ]) {
      await rejects(member.cloudtrail.send(change as StopLoggingCommand), 'NotOrganizationMasterAccountException');
    }
    assert.equal((await cloudtrail.send(new GetTrailStatusCommand({ Name: 'org-trail' }))).IsLogging, true);
  });

  it("delivers each account's records in its folder under the organization's, with a digest chain per account that verifies", async () => {
    await new IAMClient(config(server.endpoint, server.credentials)).send(new ListUsersCommand({}));
    await member.iam.send(new ListRolesCommand({}));
    await deliver();
    const recordsOf = async (account: string) =>
      (await Promise.all((await logFiles(account)).map((f) => gunzipJson<{ Records: { recipientAccountId: string; eventName: string }[] }>(f)))).flatMap(
        (f) => f.Records,
      );
    const managementRecords = await recordsOf(TEST_ACCOUNT_ID);
    const memberRecords = await recordsOf(memberId);
    assert.ok(managementRecords.some((r) => r.eventName === 'ListUsers'));
    assert.ok(memberRecords.some((r) => r.eventName === 'ListRoles'));
    assert.ok(managementRecords.every((r) => r.recipientAccountId === TEST_ACCOUNT_ID));
    assert.ok(memberRecords.every((r) => r.recipientAccountId === memberId));
    assert.ok((await logFiles(memberId)).every((f) => f.split('/').pop()!.startsWith(`${memberId}_CloudTrail_us-east-1_`)));

    const firstEnd = new Date(Date.now() + 3_600_000);
    await server.gatehouse.audit.deliverer.digestNow(firstEnd);
    await member.iam.send(new ListRolesCommand({}));
    await deliver();
    await server.gatehouse.audit.deliverer.digestNow(new Date(firstEnd.getTime() + 3_600_000));
    type Digest = { awsAccountId: string; digestS3Object: string; previousDigestS3Object: string | null; logFiles: { s3Object: string }[] };
    for (const account of [TEST_ACCOUNT_ID, memberId]) {
      const chain = await Promise.all((await digests(account)).map((f) => gunzipJson<Digest>(f)));
      assert.equal(chain.length, 2, `two digests for ${account}`);
      assert.ok(chain.every((d) => d.awsAccountId === account));
      assert.ok(chain[0]!.digestS3Object.startsWith(`AWSLogs/${orgId}/${account}/CloudTrail-Digest/us-east-1/`));
      assert.equal(chain[0]!.previousDigestS3Object, null);
      assert.equal(chain[1]!.previousDigestS3Object, chain[0]!.digestS3Object);
      assert.ok(chain.flatMap((d) => d.logFiles).every((f) => f.s3Object.startsWith(`AWSLogs/${orgId}/${account}/CloudTrail/`)));
    }
    assert.equal((await Promise.all((await digests(memberId)).map((f) => gunzipJson<Digest>(f)))).flatMap((d) => d.logFiles).length, 2);

    const verified = await verifyTrail(server.gatehouse.store, server.dataDir, await trailRecord());
    assert.deepEqual(verified.findings, []);
    assert.equal(verified.digests, 4);
    // A member account's log file changed after delivery is found.
    const [tampered] = await logFiles(memberId);
    await writeFile(tampered!, gzipSync('{"Records":[]}'));
    const after = await verifyTrail(server.gatehouse.store, server.dataDir, await trailRecord());
    assert.deepEqual(
      after.findings.map((f) => [f.kind, f.name]),
      [['MODIFIED', tampered]],
    );
  });

  it('logs the management account alone while CloudTrail has no trusted access, and stays an organization trail', async () => {
    await orgs.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }));
    const [memberFiles, managementFiles] = [(await logFiles(memberId)).length, (await logFiles(TEST_ACCOUNT_ID)).length];
    await member.iam.send(new ListRolesCommand({}));
    await new IAMClient(config(server.endpoint, server.credentials)).send(new ListUsersCommand({}));
    await deliver();
    assert.equal((await logFiles(memberId)).length, memberFiles, 'no member log file');
    assert.ok((await logFiles(TEST_ACCOUNT_ID)).length > managementFiles, 'a management log file');
    assert.equal((await cloudtrail.send(new GetTrailCommand({ Name: 'org-trail' }))).Trail!.IsOrganizationTrail, true);
    // Asking for an organization trail again is checked again, even of one that is already.
    await rejects(cloudtrail.send(new UpdateTrailCommand({ Name: 'org-trail', IsOrganizationTrail: true })), 'CloudTrailAccessNotEnabledException');
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }));
  });

  it('made a trail of the management account again, it leaves the member accounts', async () => {
    const updated = await cloudtrail.send(new UpdateTrailCommand({ Name: 'org-trail', IsOrganizationTrail: false }));
    assert.equal(updated.IsOrganizationTrail, false);
    // Made an organization trail again, it is checked again: not without trusted access.
    await orgs.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }));
    await rejects(cloudtrail.send(new UpdateTrailCommand({ Name: 'org-trail', IsOrganizationTrail: true })), 'CloudTrailAccessNotEnabledException');
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }));
    assert.deepEqual((await member.cloudtrail.send(new DescribeTrailsCommand({}))).trailList, []);
    await rejects(member.cloudtrail.send(new GetTrailCommand({ Name: TRAIL_ARN })), 'AccessDeniedException', { status: 403 });
    const before = (await logFiles(memberId)).length;
    await member.iam.send(new ListRolesCommand({}));
    await deliver();
    assert.equal((await logFiles(memberId)).length, before, 'no more member log files');
    assert.equal((await cloudtrail.send(new UpdateTrailCommand({ Name: 'org-trail', IsOrganizationTrail: true }))).IsOrganizationTrail, true);
  });
});
