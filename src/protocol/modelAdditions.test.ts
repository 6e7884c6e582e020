import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getServiceModel } from './models.js';
import { decodeRequest } from './protocol.js';

describe('model additions: what the aws-sdk v2 models predate, from botocore', () => {
  const model = getServiceModel('access-analyzer');

  it('adds the operations the v2 model lacks, with their HTTP bindings', () => {
    assert.equal(model.hasOperation('UpdateAnalyzer'), true);
    assert.equal(model.hasOperation('GetFindingsStatistics'), true);
    assert.deepEqual(model.operations['UpdateAnalyzer']?.http, { method: 'PUT', requestUri: '/analyzer/{analyzerName}', responseCode: 200 });
    assert.equal(model.input('UpdateAnalyzer').members?.['analyzerName']?.location, 'uri');
  });

  it('adds members to shapes every operation shares: an unused access analysis rule reaches CreateAnalyzer and GetAnalyzer', () => {
    const create = model.input('CreateAnalyzer').members!['configuration']!.members!['unusedAccess']!.members!;
    assert.ok(create['analysisRule']?.members?.['exclusions']);
    const get = model.output('GetAnalyzer').members!['analyzer']!.members!['configuration']!.members!['unusedAccess']!.members!;
    assert.ok(get['analysisRule']);
    assert.ok(model.output('GetFinding').members!['finding']!.members!['resourceControlPolicyRestriction']);
  });

  it('decodes an added member from a request body', () => {
    const body = JSON.stringify({
      analyzerName: 'unused',
      type: 'ACCOUNT_UNUSED_ACCESS',
      configuration: { unusedAccess: { unusedAccessAge: 90, analysisRule: { exclusions: [{ resourceTags: [{ team: 'ops' }] }] } } },
    });
    const decoded = decodeRequest('access-analyzer', {
      method: 'PUT',
      rawPath: '/analyzer',
      rawQuery: '',
      headers: { 'content-type': 'application/json', host: 'localhost' },
      body: Buffer.from(body),
    });
    assert.equal(decoded.operation, 'CreateAnalyzer');
    assert.deepEqual((decoded.input as { configuration: unknown }).configuration, {
      unusedAccess: { unusedAccessAge: 90, analysisRule: { exclusions: [{ resourceTags: [{ team: 'ops' }] }] } },
    });
  });
});
