import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actionsOf, compileArnFormat, findAction, findConditionKey, findResourceType, resourceTypesForArn, serviceKeys, serviceName } from './index.js';

describe('catalog', () => {
  it('knows services by prefix, case-insensitively', () => {
    assert.ok(serviceKeys().includes('iam'));
    assert.equal(serviceName('IAM'), 'AWS Identity and Access Management (IAM)');
    assert.equal(serviceName('no-such-service'), undefined);
    assert.deepEqual(actionsOf('no-such-service'), []);
  });

  it('finds actions with their resource types and condition keys', () => {
    const createUser = findAction('iam:CreateUser');
    assert.equal(createUser?.name, 'CreateUser');
    assert.equal(createUser?.service, 'iam');
    assert.deepEqual(
      createUser?.resourceTypes.map((r) => [r.name, r.required]),
      [['user', true]],
    );
    assert.ok(createUser?.conditionKeys.includes('iam:PermissionsBoundary'));
    assert.equal(findAction('IAM', 'createuser')?.name, 'CreateUser');
    assert.equal(findAction('iam:NoSuchAction'), undefined);
    assert.equal(findAction('CreateUser'), undefined);
  });

  it('finds resource types and the types an ARN fits', () => {
    assert.equal(findResourceType('iam', 'role')?.arnFormat, 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}');
    assert.deepEqual(
      resourceTypesForArn('arn:aws:iam::123456789012:user/division/alice').map((t) => t.key),
      ['user'],
    );
    assert.deepEqual(
      resourceTypesForArn('arn:aws:s3:::bucket').map((t) => t.key),
      ['bucket'],
    );
    assert.deepEqual(
      resourceTypesForArn('arn:aws:s3:::bucket/a/b.txt').map((t) => t.key),
      ['object'],
    );
    assert.deepEqual(resourceTypesForArn('*'), []);
  });

  it('finds global, service and tag-style condition keys', () => {
    assert.deepEqual(findConditionKey('aws:sourceip'), { key: 'aws:SourceIp', description: '', type: 'IPAddress', global: true });
    assert.equal(findConditionKey('aws:RequestTag/team')?.global, true);
    assert.equal(findConditionKey('iam:PassedToService')?.type, 'String');
    assert.equal(findConditionKey('s3:ExistingObjectTag/env')?.key, 's3:ExistingObjectTag/<key>');
    assert.equal(findConditionKey('s3:ExistingObjectTag/'), undefined);
    assert.equal(findConditionKey('nokey'), undefined);
  });

  it('matches ARN formats segment by segment', () => {
    const user = compileArnFormat('arn:${Partition}:iam::${Account}:user/${UserNameWithPath}');
    assert.equal(user('arn:aws:iam::123456789012:user/a/b/c'), true);
    assert.equal(user('arn:aws:iam::123456789012:role/a'), false);
    assert.equal(user('arn:aws:iam:us-east-1:123456789012:user/a'), false);
    const bucket = compileArnFormat('arn:${Partition}:s3:::${BucketName}');
    assert.equal(bucket('arn:aws:s3:::b'), true);
    assert.equal(bucket('arn:aws:s3:::b/k'), false);
  });
});
