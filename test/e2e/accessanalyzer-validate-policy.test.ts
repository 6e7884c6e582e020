import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessAnalyzerClient, ValidatePolicyCommand, paginateValidatePolicy } from '@aws-sdk/client-accessanalyzer';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { startTestServer, type TestServer } from '../support/gatehouse.js';
import { clientConfig, userWithPolicy } from '../support/organizations.js';
import { rejects } from '../support/rejects.js';

/** AWS's own example (AWS CLI, `aws accessanalyzer validate-policy`): a Cognito trust policy. */
const CLI_EXAMPLE = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "",
            "Effect": "Allow",
            "Principal": {
                "Federated": "cognito-identity.amazonaws.com"
            },
            "Action": [
                "sts:AssumeRole",
                "sts:TagSession"
            ],
            "Condition": {
                "StringEquals": {
                    "cognito-identity.amazonaws.com:aud": "us-west-2_EXAMPLE"
                }
            }
        }
    ]
}`;

const manyFindings = JSON.stringify({
  Version: '2012-10-17',
  Statement: Array.from({ length: 7 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: `s3:GetObjekt${i}`, Resource: '*' })),
});

describe('Access Analyzer ValidatePolicy over the SDK', () => {
  let server: TestServer;
  let analyzer: AccessAnalyzerClient;

  before(async () => {
    server = await startTestServer();
    analyzer = new AccessAnalyzerClient(clientConfig(server.endpoint, server.credentials));
  });
  after(async () => server.stop());

  it("returns AWS's findings, with AWS's spans, for AWS's CLI example", async () => {
    const out = await analyzer.send(
      new ValidatePolicyCommand({
        policyDocument: CLI_EXAMPLE,
        policyType: 'RESOURCE_POLICY',
        validatePolicyResourceType: 'AWS::IAM::AssumeRolePolicyDocument',
      }),
    );
    assert.deepEqual(
      out.findings!.map((f) => [f.findingType, f.issueCode]),
      [
        ['SUGGESTION', 'EMPTY_SID_VALUE'],
        ['ERROR', 'MISMATCHED_ACTION_FOR_PRINCIPAL'],
        ['ERROR', 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY'],
      ],
    );
    const [sid, mismatch] = out.findings!;
    assert.equal(
      sid!.learnMoreLink,
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-empty-sid-value',
    );
    assert.deepEqual(sid!.locations, [
      {
        path: [{ value: 'Statement' }, { index: 0 }, { value: 'Sid' }],
        span: { start: { line: 5, column: 19, offset: 79 }, end: { line: 5, column: 21, offset: 81 } },
      },
    ]);
    assert.match(mismatch!.findingDetails!, /^The sts:AssumeRole action is invalid with the following principal\(s\): cognito-identity.amazonaws.com\./);
    assert.deepEqual(
      mismatch!.locations!.map((l) => [l.path, l.span!.start!.offset, l.span!.end!.offset]),
      [
        [[{ value: 'Statement' }, { index: 0 }, { value: 'Action' }, { index: 0 }], 258, 274],
        [[{ value: 'Statement' }, { index: 0 }, { value: 'Principal' }, { value: 'Federated' }], 170, 202],
      ],
    );
    assert.equal(out.nextToken, undefined);
  });

  it('validates every policy type, including RESOURCE_CONTROL_POLICY', async () => {
    const rcp = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', NotAction: 's3:GetObject', Resource: '*' }] });
    const out = await analyzer.send(new ValidatePolicyCommand({ policyDocument: rcp, policyType: 'RESOURCE_CONTROL_POLICY' }));
    assert.deepEqual(
      out.findings!.map((f) => f.issueCode),
      ['RCP_SYNTAX_ERROR_NOTACTION'],
    );
    const scp = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }] });
    const scpOut = await analyzer.send(new ValidatePolicyCommand({ policyDocument: scp, policyType: 'SERVICE_CONTROL_POLICY' }));
    assert.deepEqual(
      scpOut.findings!.map((f) => f.issueCode),
      ['SCP_SYNTAX_ERROR_PRINCIPAL'],
    );
    const table = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/Books',
        },
      ],
    });
    const tableOut = await analyzer.send(
      new ValidatePolicyCommand({ policyDocument: table, policyType: 'RESOURCE_POLICY', validatePolicyResourceType: 'AWS::DynamoDB::Table' }),
    );
    assert.deepEqual(tableOut.findings!.map((f) => f.issueCode).sort(), ['UNSUPPORTED_ACTION_IN_POLICY']);
  });

  it('pages with maxResults and nextToken, and the SDK paginator sees every finding once', async () => {
    const all = (await analyzer.send(new ValidatePolicyCommand({ policyDocument: manyFindings, policyType: 'IDENTITY_POLICY' }))).findings!;
    assert.equal(all.length, 7);
    const first = await analyzer.send(new ValidatePolicyCommand({ policyDocument: manyFindings, policyType: 'IDENTITY_POLICY', maxResults: 3 }));
    assert.equal(first.findings!.length, 3);
    assert.ok(first.nextToken);
    const paged = [];
    for await (const page of paginateValidatePolicy({ client: analyzer, pageSize: 2 }, { policyDocument: manyFindings, policyType: 'IDENTITY_POLICY' }))
      paged.push(...page.findings!);
    assert.deepEqual(paged, all);
  });

  it('refuses a token of another document, an altered token and garbage with ValidationException', async () => {
    const first = await analyzer.send(new ValidatePolicyCommand({ policyDocument: manyFindings, policyType: 'IDENTITY_POLICY', maxResults: 3 }));
    const other = manyFindings.replace('S0', 'T0');
    await rejects(
      analyzer.send(new ValidatePolicyCommand({ policyDocument: other, policyType: 'IDENTITY_POLICY', nextToken: first.nextToken! })),
      'ValidationException',
    );
    await rejects(
      analyzer.send(new ValidatePolicyCommand({ policyDocument: manyFindings, policyType: 'SERVICE_CONTROL_POLICY', nextToken: first.nextToken! })),
      'ValidationException',
    );
    await rejects(
      analyzer.send(new ValidatePolicyCommand({ policyDocument: manyFindings, policyType: 'IDENTITY_POLICY', nextToken: 'not-a-token' })),
      'ValidationException',
    );
    await rejects(
      analyzer.send(new ValidatePolicyCommand({ policyDocument: manyFindings, policyType: 'IDENTITY_POLICY', maxResults: 0 })),
      'ValidationException',
    );
  });

  it('answers an unknown policy type and a missing document with ValidationException', async () => {
    await rejects(analyzer.send(new ValidatePolicyCommand({ policyDocument: '{}', policyType: 'SESSION_POLICY' as never })), 'ValidationException');
    await rejects(analyzer.send(new ValidatePolicyCommand({ policyType: 'IDENTITY_POLICY' } as never)), 'ValidationException');
  });

  it('answers a non-JSON document with a JSON_SYNTAX_ERROR finding, and invalid UTF-8 with findings, never a 500', async () => {
    const out = await analyzer.send(new ValidatePolicyCommand({ policyDocument: '{"Version": "2012-10-17",', policyType: 'IDENTITY_POLICY' }));
    assert.deepEqual(
      out.findings!.map((f) => f.issueCode),
      ['JSON_SYNTAX_ERROR'],
    );
    const document = '{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": {\\"Effect\\": \\"Allow\\", \\"Action\\": \\"s3:Get';
    const body = Buffer.concat([
      Buffer.from(`{"policyType":"IDENTITY_POLICY","policyDocument":"${document}`),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('\\", \\"Resource\\": \\"*\\"}}"}'),
    ]);
    const answer = await signedPost(server, '/policy/validation', body);
    assert.equal(answer.status, 200, answer.text);
    const codes = (JSON.parse(answer.text) as { findings: { issueCode: string }[] }).findings.map((f) => f.issueCode);
    assert.deepEqual(codes, ['INVALID_ACTION']);
  });

  it('validates a 1 MB document off the request thread: other calls are answered meanwhile', async () => {
    const statements = [];
    for (let i = 0, size = 0; size < 1_000_000; i++) {
      size += JSON.stringify(statements[statements.length - 1] ?? {}).length + 1;
      statements.push({
        Sid: `S${i}`,
        Effect: 'Allow',
        Action: ['s3:GetObject', 'ec2:StartInstances'],
        Resource: [`arn:aws:s3:::bucket-${i}/*`],
        Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue*' } },
      });
    }
    const big = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    assert.ok(big.length >= 1_000_000 && big.length <= 1024 * 1024, `${big.length} characters`);
    const sts = new STSClient(clientConfig(server.endpoint, server.credentials));
    let validated = false;
    const pending = analyzer.send(new ValidatePolicyCommand({ policyDocument: big, policyType: 'IDENTITY_POLICY', maxResults: 5 })).finally(() => {
      validated = true;
    });
    // Other calls are answered while the validation runs: on the request thread it would hold them until it ended.
    let answered = 0;
    let answeredDuringCheck = 0;
    const probing = (async () => {
      for (let i = 0; i < 10; i++) {
        await sts.send(new GetCallerIdentityCommand({}));
        answered++;
        if (!validated) answeredDuringCheck++;
      }
    })();
    const out = await pending;
    await probing;
    assert.equal(answered, 10);
    assert.ok(answeredDuringCheck > 0, 'no call was answered while the validation ran');
    assert.equal(out.findings!.length, 5);
    assert.ok(out.findings!.some((f) => f.issueCode === 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA'));
    assert.ok(out.nextToken);
    const tooBig = big + ' '.repeat(1024 * 1024 - big.length + 1);
    await rejects(analyzer.send(new ValidatePolicyCommand({ policyDocument: tooBig, policyType: 'IDENTITY_POLICY' })), 'ValidationException');
  });

  it('is authorized as access-analyzer:ValidatePolicy', async () => {
    const iam = new IAMClient(clientConfig(server.endpoint, server.credentials));
    const denied = await userWithPolicy(iam, 'no-analyzer', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] });
    const allowed = await userWithPolicy(iam, 'analyst', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'access-analyzer:ValidatePolicy', Resource: '*' }],
    });
    const input = { policyDocument: '{"Version":"2012-10-17","Statement":[]}', policyType: 'IDENTITY_POLICY' as const };
    await rejects(new AccessAnalyzerClient(clientConfig(server.endpoint, denied)).send(new ValidatePolicyCommand(input)), 'AccessDeniedException', {
      status: 403,
    });
    const out = await new AccessAnalyzerClient(clientConfig(server.endpoint, allowed)).send(new ValidatePolicyCommand(input));
    assert.ok(Array.isArray(out.findings));
  });
});

/** A signed rest-json POST of raw bytes (the SDK cannot send invalid UTF-8). */
async function signedPost(server: TestServer, path: string, body: Buffer): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(server.endpoint);
  const signer = new SignatureV4({ credentials: server.credentials, region: 'us-east-1', service: 'access-analyzer', sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname,
    port: Number(port),
    path,
    headers: { host: `${hostname}:${port}`, 'content-type': 'application/json' },
    body,
  });
  const res = await fetch(new URL(path, server.endpoint), { method: 'POST', headers: signed.headers as Record<string, string>, body });
  return { status: res.status, text: await res.text() };
}
