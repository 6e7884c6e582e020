import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AWS_CLI_SKIP, AwsCliHome } from '../support/awscli.js';
import { startTestServer, type TestServer } from '../support/gatehouse.js';

interface Output {
  findings: { findingType: string; issueCode: string; locations: { path: object[]; span: { start: { offset: number } } }[] }[];
  nextToken?: string;
}

/**
 * `aws accessanalyzer validate-policy` (AWS CLI v2.9, early 2023) against Gatehouse. Its model
 * lists neither RESOURCE_CONTROL_POLICY nor AWS::DynamoDB::Table, but the CLI does not check enum
 * values, so both still reach Gatehouse and are validated.
 */
describe('aws accessanalyzer validate-policy', { skip: AWS_CLI_SKIP }, () => {
  let server: TestServer;
  let home: AwsCliHome;
  let file: (name: string, policy: object) => Promise<string>;

  before(async () => {
    server = await startTestServer();
    home = await AwsCliHome.create(server.endpoint);
    await home.addProfile('default', server.credentials);
    file = async (name, policy) => {
      const path = join(home.dir, name);
      await writeFile(path, JSON.stringify(policy, null, 2));
      return `file://${path}`;
    };
  });
  after(async () => {
    await server.stop();
    await home.remove();
  });

  it('validates an identity policy from a file, with findings at their spans', async () => {
    const policy = await file('identity.json', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['iam:PassRole', 's3:GetObjekt'], Resource: '*' }],
    });
    const out = await home.json<Output>(['accessanalyzer', 'validate-policy', '--policy-document', policy, '--policy-type', 'IDENTITY_POLICY']);
    assert.deepEqual(
      out.findings.map((f) => [f.findingType, f.issueCode]),
      [
        ['SECURITY_WARNING', 'PASS_ROLE_WITH_STAR_IN_RESOURCE'],
        ['ERROR', 'INVALID_ACTION'],
      ],
    );
    assert.deepEqual(out.findings[1]!.locations[0]!.path, [{ value: 'Statement' }, { index: 0 }, { value: 'Action' }, { index: 1 }]);
  });

  it('pages: --max-items gives a NextToken, and the CLI gathers every page by itself', async () => {
    const policy = await file('many.json', {
      Version: '2012-10-17',
      Statement: Array.from({ length: 5 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: `s3:GetObjekt${i}`, Resource: '*' })),
    });
    const all = await home.json<Output>([
      'accessanalyzer',
      'validate-policy',
      '--policy-document',
      policy,
      '--policy-type',
      'IDENTITY_POLICY',
      '--page-size',
      '2',
    ]);
    assert.equal(all.findings.length, 5);
    const first = await home.json<Output & { NextToken?: string }>([
      'accessanalyzer',
      'validate-policy',
      '--policy-document',
      policy,
      '--policy-type',
      'IDENTITY_POLICY',
      '--max-items',
      '2',
    ]);
    assert.equal(first.findings.length, 2);
    assert.ok(first.NextToken);
  });

  it('sends RESOURCE_CONTROL_POLICY and AWS::DynamoDB::Table, which its 2023 model does not list', async () => {
    const rcp = await file('rcp.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] });
    const out = await home.json<Output>(['accessanalyzer', 'validate-policy', '--policy-document', rcp, '--policy-type', 'RESOURCE_CONTROL_POLICY']);
    assert.deepEqual(
      out.findings.map((f) => f.issueCode),
      ['RCP_SYNTAX_ERROR_ALLOW'],
    );
    const table = await file('table.json', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'kms:Decrypt',
          Resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/Books',
        },
      ],
    });
    const tableOut = await home.json<Output>([
      'accessanalyzer',
      'validate-policy',
      '--policy-document',
      table,
      '--policy-type',
      'RESOURCE_POLICY',
      '--validate-policy-resource-type',
      'AWS::DynamoDB::Table',
    ]);
    assert.deepEqual(
      tableOut.findings.map((f) => f.issueCode),
      ['UNSUPPORTED_ACTION_IN_POLICY'],
    );
  });

  it('an unknown policy type is a ValidationException', async () => {
    const policy = await file('any.json', { Version: '2012-10-17', Statement: [] });
    const out = await home.aws(['accessanalyzer', 'validate-policy', '--policy-document', policy, '--policy-type', 'SESSION_POLICY']);
    assert.notEqual(out.code, 0);
    assert.match(out.stderr, /ValidationException/);
  });
});
