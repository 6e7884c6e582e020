import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getServiceModel } from './models.js';
import { compilePattern } from './shapes.js';

describe('compilePattern (model Java regexes in JS)', () => {
  test('anchored to the whole value, as Java matches() is', () => {
    const re = compilePattern('[\\w+=,.@-]+');
    assert.equal(re.test('alice'), true);
    assert.equal(re.test('bad name'), false);
    assert.equal(re.test('x\ny'), false);
  });

  test('\\p{L} classes need the u flag', () => {
    const re = compilePattern('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*');
    assert.equal(re.test('équipe 日本 1'), true);
    assert.equal(re.test('a<b'), false);
  });

  test('(?s) becomes dotAll', () => {
    const re = compilePattern('(?s).*');
    assert.equal(re.test('line1\nline2'), true);
  });

  test('identity escapes JS rejects under u (\\_, "\\ ") still compile', () => {
    const re = compilePattern('\\p{L}+(?:(\\.|\\_)\\p{L}+){0,2}');
    assert.equal(re.test('en_US'), true);
    assert.equal(re.test('en-US'), false);
    const spaces = compilePattern('[a-zA-Z0-9\\ \\(\\)]+');
    assert.equal(spaces.test('a (b)'), true);
  });

  test('every pattern in the shipped constraints compiles', () => {
    for (const name of [
      'iam',
      'sts',
      'organizations',
      'cloudtrail',
      'access-analyzer',
      's3',
      'sso-admin',
      'identitystore',
      'sso-oidc',
      'sso-portal',
      'rolesanywhere',
    ] as const) {
      const model = getServiceModel(name);
      for (const op of Object.keys(model.operations)) model.input(op);
    }
  });
});

describe('service models', () => {
  test('constraints from botocore are overlaid on the min.json shapes', () => {
    const shape = getServiceModel('iam').input('CreateUser');
    const userName = shape.members!.UserName!;
    assert.equal(userName.min, 1);
    assert.equal(userName.max, 64);
    assert.equal(userName.patternSource, '[\\w+=,.@-]+');
    assert.equal(shape.members!.Tags!.max, 50);
    assert.equal(shape.required!.has('UserName'), true);
  });

  test('a constraint the service checks itself is left off the model (CloudTrail InsightType in PutInsightSelectors)', () => {
    const model = getServiceModel('cloudtrail');
    const selector = model.input('PutInsightSelectors').members!.InsightSelectors!.member!;
    assert.equal(selector.members!.InsightType!.enum, undefined);
    assert.deepEqual(model.input('ListInsightsMetricData').members!.InsightType!.enum, ['ApiCallRateInsight', 'ApiErrorRateInsight']);
  });

  test('recursive shapes compile (Organizations policy summaries, S3 nothing infinite)', () => {
    const model = getServiceModel('access-analyzer');
    const finding = model.output('ValidatePolicy').members!.findings!.member!;
    assert.equal(finding.type, 'structure');
  });

  test('metadata drives the protocol', () => {
    assert.equal(getServiceModel('iam').metadata.protocol, 'query');
    assert.equal(getServiceModel('sso-admin').metadata.targetPrefix, 'SWBExternalService');
    assert.equal(getServiceModel('s3').metadata.protocol, 'rest-xml');
  });
});
