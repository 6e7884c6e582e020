import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AccessAnalyzerClient, CreateAnalyzerCommand, GetAnalyzerCommand, ValidatePolicyCommand } from '@aws-sdk/client-accessanalyzer';
import { ServiceError } from '../errors.js';
import { startTestServer, TEST_CLIENT_CONFIG, type TestServer } from '../../test/support/protocolServer.js';

const created = new Date('2026-03-04T05:06:07Z');

describe('rest-json protocol with the real AWS SDK v3 (Access Analyzer)', () => {
  let server: TestServer;
  let client: AccessAnalyzerClient;

  before(async () => {
    server = await startTestServer(({ operation, input }) => {
      switch (operation) {
        case 'CreateAnalyzer':
          return { arn: `arn:aws:access-analyzer:us-east-1:123456789012:analyzer/${String(input.analyzerName)}` };
        case 'GetAnalyzer':
          if (input.analyzerName === 'missing') {
            throw new ServiceError('NotFound', 'Analyzer not found');
          }
          return {
            analyzer: {
              arn: 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/a b',
              name: input.analyzerName,
              type: 'ACCOUNT',
              createdAt: created,
              status: 'ACTIVE',
              tags: { team: 'sec' },
            },
          };
        case 'ValidatePolicy':
          return {
            findings: [
              {
                findingDetails: 'Add a value to the empty string array.',
                findingType: 'ERROR',
                issueCode: 'EMPTY_ARRAY_ACTION',
                learnMoreLink: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
                locations: [
                  { path: [{ value: 'Statement' }, { index: 0 }], span: { start: { line: 1, column: 2, offset: 3 }, end: { line: 1, column: 9, offset: 10 } } },
                ],
              },
            ],
            nextToken: 'n2',
          };
        default:
          return {};
      }
    });
    client = new AccessAnalyzerClient({ ...TEST_CLIENT_CONFIG, endpoint: server.endpoint });
  });

  after(async () => {
    client.destroy();
    await server.close();
  });

  test('CreateAnalyzer: PUT /analyzer with a JSON body', async () => {
    const out = await client.send(new CreateAnalyzerCommand({ analyzerName: 'main', type: 'ACCOUNT', tags: { a: 'b' } }));
    const call = server.calls.at(-1)!;
    assert.equal(call.operation, 'CreateAnalyzer');
    assert.equal(call.input.analyzerName, 'main');
    assert.equal(call.input.type, 'ACCOUNT');
    assert.deepEqual(call.input.tags, { a: 'b' });
    assert.equal(typeof call.input.clientToken, 'string');
    assert.equal(out.arn, 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/main');
  });

  test('GetAnalyzer: path label decoded, Date and map round-trip', async () => {
    const out = await client.send(new GetAnalyzerCommand({ analyzerName: 'my-analyzer' }));
    assert.deepEqual(server.calls.at(-1), { service: 'access-analyzer', operation: 'GetAnalyzer', input: { analyzerName: 'my-analyzer' } });
    assert.deepEqual(out.analyzer?.createdAt, created);
    assert.deepEqual(out.analyzer?.tags, { team: 'sec' });
  });

  test('ValidatePolicy: query-string members and union list output', async () => {
    const out = await client.send(
      new ValidatePolicyCommand({ policyDocument: '{"Version":"2012-10-17"}', policyType: 'IDENTITY_POLICY', maxResults: 7, nextToken: 'n1' }),
    );
    assert.deepEqual(server.calls.at(-1)!.input, {
      policyDocument: '{"Version":"2012-10-17"}',
      policyType: 'IDENTITY_POLICY',
      maxResults: 7,
      nextToken: 'n1',
    });
    assert.equal(out.findings?.[0]?.issueCode, 'EMPTY_ARRAY_ACTION');
    assert.deepEqual(out.findings?.[0]?.locations?.[0]?.path, [{ value: 'Statement' }, { index: 0 }]);
    assert.equal(out.nextToken, 'n2');
  });

  test('an error reaches the SDK with x-amzn-ErrorType and status', async () => {
    await assert.rejects(client.send(new GetAnalyzerCommand({ analyzerName: 'missing' })), (err: any) => {
      assert.equal(err.name, 'NotFound');
      assert.equal(err.message, 'Analyzer not found');
      assert.equal(err.$metadata.httpStatusCode, 404);
      return true;
    });
  });

  test('validation failure is ValidationException', async () => {
    await assert.rejects(client.send(new CreateAnalyzerCommand({ analyzerName: 'bad name', type: 'ACCOUNT' })), (err: any) => {
      assert.equal(err.name, 'ValidationException');
      assert.match(
        err.message,
        /^1 validation error detected: Value 'bad name' at 'analyzerName' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
      );
      return true;
    });
  });
});
