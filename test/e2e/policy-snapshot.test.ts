import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetAccountAuthorizationDetailsCommand,
  IAMClient,
  PutGroupPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type ContextEntry,
  type GetAccountAuthorizationDetailsCommandOutput,
} from '@aws-sdk/client-iam';
import { AccountSnapshot, type AuthorizationDetails } from '../../src/analysis/snapshot/index.js';
import { PolicyGatherer } from '../../src/auth/policies/index.js';
import { buildContext, evaluate, type ContextRecord } from '../../src/policy/index.js';
import type { Principal } from '../../src/model/index.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';

/**
 * The in-memory snapshot of an exported account answers as the server does: an account populated
 * through IAM is exported with GetAccountAuthorizationDetails (Gatehouse's own output, so its
 * shapes are IAM's), loaded into an AccountSnapshot, and every case of the table is decided twice —
 * by the server's SimulatePrincipalPolicy and by the engine over the policies the one gatherer reads
 * from the snapshot.
 */

const ACCOUNT = TEST_ACCOUNT_ID;
const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

type Case = readonly [who: string, action: string, resource: string, context?: Readonly<Record<string, string | string[]>>];

/** Principals of the table, as the simulator and the pipeline see them. */
const PRINCIPALS: Record<string, Principal> = {
  alice: { type: 'IAMUser', accountId: ACCOUNT, arn: arn('user', 'alice'), userId: 'x', userName: 'alice' },
  bob: { type: 'IAMUser', accountId: ACCOUNT, arn: arn('user', 'team/bob'), userId: 'x', userName: 'bob' },
  carol: { type: 'IAMUser', accountId: ACCOUNT, arn: arn('user', 'carol'), userId: 'x', userName: 'carol' },
  app: {
    type: 'AssumedRole',
    accountId: ACCOUNT,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app-role/simulation`,
    userId: 'x',
    roleArn: arn('role', 'service/app-role'),
  },
  admin: {
    type: 'AssumedRole',
    accountId: ACCOUNT,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/admin-role/simulation`,
    userId: 'x',
    roleArn: arn('role', 'admin-role'),
  },
};

const S3A = 'arn:aws:s3:::bucket-a';
const Q = `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`;
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;

const CASES: readonly Case[] = [
  // alice: group devs (Base v2, an IP-conditioned inline), her own variable policy, a boundary.
  ['alice', 's3:GetObject', `${S3A}/x.txt`],
  ['alice', 's3:ListBucket', S3A],
  ['alice', 's3:GetObject', 'arn:aws:s3:::bucket-b/x.txt'],
  ['alice', 's3:PutObject', `${S3A}/alice/notes.txt`, { 'aws:username': 'alice' }],
  ['alice', 's3:PutObject', `${S3A}/bob/notes.txt`, { 'aws:username': 'alice' }],
  ['alice', 's3:PutObject', `${S3A}/alice/notes.txt`],
  ['alice', 'sqs:SendMessage', Q, { 'aws:SourceIp': '10.1.2.3' }],
  ['alice', 'sqs:SendMessage', Q, { 'aws:SourceIp': '192.0.2.1' }],
  ['alice', 'sqs:SendMessage', Q],
  ['alice', 'ec2:DescribeInstances', '*'],
  ['alice', 'iam:GetUser', arn('user', 'alice')],
  ['alice', 's3:DeleteObject', `${S3A}/x.txt`],
  // bob: groups devs and ops, s3:* inline, an attached DenyDelete.
  ['bob', 's3:GetObject', 'arn:aws:s3:::bucket-z/y'],
  ['bob', 's3:DeleteObject', `${S3A}/x.txt`],
  ['bob', 's3:DeleteBucket', S3A],
  ['bob', 'sqs:DeleteQueue', Q],
  ['bob', 'sqs:SendMessage', Q, { 'aws:SourceIp': '10.9.9.9' }],
  ['bob', 'sqs:SendMessage', Q, { 'aws:SourceIp': '8.8.8.8' }],
  ['bob', 'iam:ListUsers', '*'],
  ['bob', 'iam:GetRole', arn('role', 'admin-role')],
  ['bob', 'ec2:DescribeVpcs', '*'],
  ['bob', 's3:ListAllMyBuckets', '*'],
  // carol: region- and date-conditioned statements, a NotAction deny.
  ['carol', 'ec2:DescribeInstances', '*', { 'aws:RequestedRegion': 'us-east-1' }],
  ['carol', 'ec2:DescribeInstances', '*', { 'aws:RequestedRegion': 'eu-west-1' }],
  ['carol', 'ec2:DescribeInstances', '*'],
  ['carol', 'ec2:TerminateInstances', '*', { 'aws:RequestedRegion': 'us-east-1' }],
  ['carol', 'dynamodb:GetItem', TABLE, { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }],
  ['carol', 'dynamodb:GetItem', TABLE, { 'aws:CurrentTime': '2030-06-01T00:00:00Z' }],
  ['carol', 'dynamodb:PutItem', TABLE, { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }],
  ['carol', 's3:GetObject', `${S3A}/x`],
  ['carol', 'iam:CreateUser', arn('user', 'mallory')],
  ['carol', 'kms:Decrypt', `arn:aws:kms:us-east-1:${ACCOUNT}:key/1`],
  // app-role: Base attached, a DynamoDB inline with a tag condition, a boundary.
  ['app', 'dynamodb:GetItem', TABLE],
  ['app', 'dynamodb:Query', TABLE, { 'dynamodb:LeadingKeys': 'tenant-1' }],
  ['app', 'dynamodb:Query', TABLE, { 'dynamodb:LeadingKeys': 'tenant-2' }],
  ['app', 'dynamodb:DeleteTable', TABLE],
  ['app', 's3:GetObject', `${S3A}/k`],
  ['app', 's3:ListBucket', S3A],
  ['app', 'sqs:SendMessage', Q],
  ['app', 's3:PutObject', `${S3A}/k`],
  ['app', 'iam:GetRole', arn('role', 'service/app-role')],
  ['app', 'ec2:RunInstances', '*'],
  // admin-role: AWS managed AdministratorAccess, an explicit deny, a condition on MFA.
  ['admin', 'iam:CreateUser', arn('user', 'someone')],
  ['admin', 'iam:DeleteRole', arn('role', 'app-role')],
  ['admin', 'ec2:TerminateInstances', '*'],
  ['admin', 'organizations:LeaveOrganization', '*'],
  ['admin', 'organizations:LeaveOrganization', '*', { 'aws:MultiFactorAuthPresent': 'true' }],
  ['admin', 's3:DeleteBucket', S3A, { 'aws:MultiFactorAuthPresent': 'false' }],
  ['admin', 's3:DeleteBucket', S3A, { 'aws:MultiFactorAuthPresent': 'true' }],
  ['admin', 's3:DeleteBucket', S3A],
  ['admin', 'kms:ScheduleKeyDeletion', `arn:aws:kms:us-east-1:${ACCOUNT}:key/1`],
  ['admin', 'cloudtrail:StopLogging', '*'],
  ['admin', 'cloudtrail:StopLogging', '*', { 'aws:PrincipalTag/break-glass': 'yes' }],
];

describe('an account snapshot decides as the server does', () => {
  let server: TestServer;
  let iam: IAMClient;
  let snapshot: AccountSnapshot;
  let pages: GetAccountAuthorizationDetailsCommandOutput[];

  before(async () => {
    server = await startTestServer();
    iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    const base = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'Base', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: `${S3A}/*` }) }),
    );
    const baseArn = base.Policy!.Arn!;
    await iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: baseArn,
        SetAsDefault: true,
        PolicyDocument: doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [S3A, `${S3A}/*`] }),
      }),
    );
    await iam.send(
      new CreatePolicyVersionCommand({ PolicyArn: baseArn, SetAsDefault: false, PolicyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }),
    );
    const denyDelete = (
      await iam.send(
        new CreatePolicyCommand({ PolicyName: 'DenyDelete', Path: '/guard/', PolicyDocument: doc({ Effect: 'Deny', Action: 's3:Delete*', Resource: '*' }) }),
      )
    ).Policy!.Arn!;
    const boundary = (
      await iam.send(
        new CreatePolicyCommand({
          PolicyName: 'Boundary',
          PolicyDocument: doc({ Effect: 'Allow', Action: ['s3:*', 'sqs:*', 'dynamodb:*', 'iam:Get*'], Resource: '*' }),
        }),
      )
    ).Policy!.Arn!;

    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: baseArn }));
    await iam.send(
      new PutGroupPolicyCommand({
        GroupName: 'devs',
        PolicyName: 'office',
        PolicyDocument: doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }),
      }),
    );
    await iam.send(new CreateGroupCommand({ GroupName: 'ops', Path: '/ops/' }));
    await iam.send(
      new PutGroupPolicyCommand({
        GroupName: 'ops',
        PolicyName: 'no-delete-queue',
        PolicyDocument: doc({ Effect: 'Deny', Action: 'sqs:DeleteQueue', Resource: '*' }),
      }),
    );
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'ops', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));

    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'home',
        PolicyDocument: doc({ Effect: 'Allow', Action: 's3:PutObject', Resource: `${S3A}/\${aws:username}/*` }),
      }),
    );
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'alice', PermissionsBoundary: boundary }));

    await iam.send(new CreateUserCommand({ UserName: 'bob', Path: '/team/' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'bob' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'bob' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: denyDelete }));
    await iam.send(
      new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'storage', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }),
    );

    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'carol',
        PolicyName: 'conditions',
        PolicyDocument: doc(
          { Sid: 'Region', Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } },
          { Sid: 'Until', Effect: 'Allow', Action: 'dynamodb:*', Resource: TABLE, Condition: { DateLessThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } } },
          { Sid: 'OnlyReads', Effect: 'Deny', NotAction: ['ec2:Describe*', 'dynamodb:GetItem', 's3:Get*'], Resource: '*' },
          { Sid: 'Reads', Effect: 'Allow', Action: 's3:Get*', NotResource: 'arn:aws:s3:::bucket-b/*' },
        ),
      }),
    );

    const ec2Trust = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
    await iam.send(new CreateRoleCommand({ RoleName: 'app-role', Path: '/service/', AssumeRolePolicyDocument: ec2Trust }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app-role', PolicyArn: baseArn }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'app-role',
        PolicyName: 'tables',
        PolicyDocument: doc(
          { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:DeleteTable'], Resource: TABLE },
          { Effect: 'Allow', Action: 'dynamodb:Query', Resource: TABLE, Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['tenant-1'] } } },
          { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
        ),
      }),
    );
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app-role', PermissionsBoundary: boundary }));

    await iam.send(
      new CreateRoleCommand({
        RoleName: 'admin-role',
        AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }),
      }),
    );
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'admin-role', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'admin-role',
        PolicyName: 'guards',
        PolicyDocument: doc(
          { Effect: 'Deny', Action: ['iam:DeleteRole', 'organizations:Leave*'], Resource: '*' },
          { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
          { Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/break-glass': 'yes' } } },
        ),
      }),
    );

    // Exported a few items a page, as a client walking Marker gets it.
    pages = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 3, ...(marker !== undefined ? { Marker: marker } : {}) }));
      pages.push(page);
      marker = page.IsTruncated === true ? page.Marker : undefined;
    } while (marker !== undefined);
    snapshot = AccountSnapshot.fromAuthorizationDetails(pages as unknown as AuthorizationDetails[]);
  });
  after(async () => server.stop());

  it('holds every user, group, role and customer managed policy with every version', () => {
    assert.equal(snapshot.accountId, ACCOUNT);
    assert.deepEqual([...snapshot.users.keys()].sort(), ['alice', 'bob', 'carol']);
    assert.deepEqual([...snapshot.groups.keys()].sort(), ['devs', 'ops']);
    assert.deepEqual([...snapshot.roles.keys()].sort(), ['admin-role', 'app-role']);
    const base = snapshot.policies.get(arn('policy', 'Base'))!;
    assert.deepEqual(
      base.versions.map((v) => [v.versionId, v.isDefault]),
      [
        ['v1', false],
        ['v2', true],
        ['v3', false],
      ],
    );
    assert.equal(base.facts.defaultVersionId, 'v2');
    assert.ok(snapshot.policies.has('arn:aws:iam::aws:policy/AdministratorAccess'), 'AWS managed policies in use are exported');
  });

  it(`gives the server's decision in each of ${CASES.length} cases`, async () => {
    assert.ok(CASES.length >= 50);
    const gatherer = new PolicyGatherer(snapshot);
    const mismatches: string[] = [];
    const counts = { allowed: 0, explicitDeny: 0, implicitDeny: 0 };
    for (const [who, action, resource, context = {}] of CASES) {
      const principal = PRINCIPALS[who]!;
      const source = principal.roleArn ?? principal.arn;
      const entries: ContextEntry[] = Object.entries(context).map(([key, value]) => ({
        ContextKeyName: key,
        ContextKeyValues: Array.isArray(value) ? value : [value],
        ContextKeyType: Array.isArray(value)
          ? 'stringList'
          : key === 'aws:CurrentTime'
            ? 'date'
            : key === 'aws:SourceIp'
              ? 'ip'
              : key.startsWith('aws:MultiFactor')
                ? 'boolean'
                : 'string',
      }));
      const simulated = await iam.send(
        new SimulatePrincipalPolicyCommand({ PolicySourceArn: source, ActionNames: [action], ResourceArns: [resource], ContextEntries: entries }),
      );
      const server = simulated.EvaluationResults![0]!.EvalDecision!;
      const policies = await gatherer.policiesFor(principal, { action, resource }, ACCOUNT);
      const decision = evaluate(
        { principal, action, resource: { arn: resource, accountId: ACCOUNT }, context: buildContext(context as ContextRecord) },
        policies,
      );
      const offline = decision.result === 'Allowed' ? 'allowed' : decision.result === 'ExplicitlyDenied' ? 'explicitDeny' : 'implicitDeny';
      counts[offline]++;
      if (offline !== server) mismatches.push(`${who} ${action} ${resource} ${JSON.stringify(context)}: server ${server}, snapshot ${offline}`);
    }
    assert.deepEqual(mismatches, []);
    // The table exercises all three outcomes.
    assert.ok(counts.allowed >= 10 && counts.explicitDeny >= 5 && counts.implicitDeny >= 10, JSON.stringify(counts));
  });

  it('reads the AWS CLI form of the export (documents decoded into objects) the same way', async () => {
    const decoded = pages.map((page) =>
      JSON.parse(JSON.stringify(page), (key, value) => (typeof value === 'string' && /Document$/.test(key) ? JSON.parse(decodeURIComponent(value)) : value)),
    );
    const cli = AccountSnapshot.fromAuthorizationDetails(decoded as AuthorizationDetails[]);
    const gatherer = new PolicyGatherer(cli);
    const alice = await gatherer.entityPolicies(ACCOUNT, 'user', 'alice');
    assert.deepEqual(
      alice?.identity.map((p) => p.id),
      ['inline:user/alice/home', 'inline:group/devs/office', arn('policy', 'Base')],
    );
    assert.equal(alice?.boundary?.id, arn('policy', 'Boundary'));
  });
});

describe('a large account snapshot', () => {
  it('loads 2,000 roles and 5,000 policies in under 3 s', () => {
    const policies = Array.from({ length: 5000 }, (_, i) => ({
      PolicyName: `p${i}`,
      Arn: arn('policy', `p${i}`),
      DefaultVersionId: 'v2',
      PolicyVersionList: [
        {
          VersionId: 'v1',
          IsDefaultVersion: false,
          Document: encodeURIComponent(doc({ Effect: 'Allow', Action: `s3:Get*`, Resource: `arn:aws:s3:::b${i}/*` })),
        },
        {
          VersionId: 'v2',
          IsDefaultVersion: true,
          Document: encodeURIComponent(doc({ Effect: 'Allow', Action: [`s3:Get*`, 's3:List*'], Resource: [`arn:aws:s3:::b${i}`, `arn:aws:s3:::b${i}/*`] })),
        },
      ],
    }));
    const roles = Array.from({ length: 2000 }, (_, i) => ({
      RoleName: `r${i}`,
      RoleId: `AROA${String(i).padStart(17, 'A')}`,
      Arn: arn('role', `r${i}`),
      AssumeRolePolicyDocument: encodeURIComponent(doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' })),
      RolePolicyList: [{ PolicyName: 'inline', PolicyDocument: encodeURIComponent(doc({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' })) }],
      AttachedManagedPolicies: [{ PolicyArn: arn('policy', `p${i}`) }, { PolicyArn: arn('policy', `p${i + 2000}`) }],
    }));
    const text = JSON.stringify({ RoleDetailList: roles, Policies: policies, UserDetailList: [], GroupDetailList: [] });
    const started = process.hrtime.bigint();
    const loaded = AccountSnapshot.fromAuthorizationDetails(JSON.parse(text) as AuthorizationDetails);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    assert.equal(loaded.roles.size, 2000);
    assert.equal(loaded.policies.size, 5000);
    assert.ok(seconds < 3, `loaded in ${seconds.toFixed(2)} s`);
  });
});
