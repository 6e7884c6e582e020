import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../errors.js';
import { decodeRequest, encodeError, encodeResponse } from './protocol.js';
import type { WireRequest } from './types.js';

function call(target: string | undefined, body: string): WireRequest {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
  if (target !== undefined) headers['x-amz-target'] = target;
  return { method: 'POST', rawPath: '/', rawQuery: '', headers, body: Buffer.from(body) };
}

describe('json protocol: decode', () => {
  test('X-Amz-Target names the operation; both the model prefix and the short Smithy name work', () => {
    const full = decodeRequest('cloudtrail', call('com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', '{"StartTime":1767225600}'));
    const short = decodeRequest('cloudtrail', call('CloudTrail_20131101.LookupEvents', '{"StartTime":1767225600.5}'));
    assert.deepEqual(full, { operation: 'LookupEvents', input: { StartTime: new Date('2026-01-01T00:00:00Z') } });
    assert.deepEqual(short.input, { StartTime: new Date('2026-01-01T00:00:00.500Z') });
  });

  test('an empty body is an empty input', () => {
    assert.deepEqual(decodeRequest('organizations', call('AWSOrganizationsV20161128.DescribeOrganization', '')), {
      operation: 'DescribeOrganization',
      input: {},
    });
  });

  test('unknown target and missing target are UnknownOperationException', () => {
    for (const target of ['AWSOrganizationsV20161128.Nope', 'Other.DescribeOrganization', undefined]) {
      const d = decodeRequest('organizations', call(target, '{}'));
      assert.equal(d.error?.code, 'UnknownOperationException');
      assert.equal(d.operation, undefined);
    }
  });

  test('malformed JSON is SerializationException', () => {
    const d = decodeRequest('organizations', call('AWSOrganizationsV20161128.ListRoots', '{"MaxResults":'));
    assert.equal(d.operation, 'ListRoots');
    assert.equal(d.error?.code, 'SerializationException');
  });

  test('a wrong JSON type is SerializationException naming the token', () => {
    const d = decodeRequest('organizations', call('AWSOrganizationsV20161128.ListRoots', '{"MaxResults":"ten"}'));
    assert.equal(d.error?.code, 'SerializationException');
    assert.equal(d.error?.message, 'STRING_VALUE can not be converted to an Integer');
    const e = decodeRequest('organizations', call('AWSOrganizationsV20161128.ListRoots', '[]'));
    assert.equal(e.error?.message, 'Start of list found where not expected');
  });

  test('Organizations validation is InvalidInputException with Reason', () => {
    const d = decodeRequest('organizations', call('AWSOrganizationsV20161128.ListRoots', '{"MaxResults":0}'));
    assert.equal(d.error?.code, 'InvalidInputException');
    assert.deepEqual(d.error?.fields, { Reason: 'MIN_VALUE_EXCEEDED' });
    const missing = decodeRequest('organizations', call('AWSOrganizationsV20161128.DescribeAccount', '{}'));
    assert.deepEqual(missing.error?.fields, { Reason: 'INPUT_REQUIRED' });
  });

  test('other JSON services use ValidationException with the Coral message', () => {
    const d = decodeRequest('identitystore', call('AWSIdentityStore.DescribeUser', '{"IdentityStoreId":"d-1234567890"}'));
    assert.equal(d.error?.code, 'ValidationException');
    assert.equal(d.error?.message, "1 validation error detected: Value null at 'userId' failed to satisfy constraint: Member must not be null");
  });

  test('sso-admin targets SWBExternalService', () => {
    const d = decodeRequest('sso-admin', call('SWBExternalService.ListInstances', '{"MaxResults":5}'));
    assert.deepEqual(d, { operation: 'ListInstances', input: { MaxResults: 5 } });
  });
});

describe('json protocol: encode', () => {
  test('timestamps are epoch seconds, absent members omitted, extra members ignored', () => {
    const res = encodeResponse(
      'organizations',
      'DescribeAccount',
      { Account: { Id: '123456789012', JoinedTimestamp: new Date('2025-06-07T08:09:10.500Z'), Name: undefined, Junk: 1 }, Other: 2 },
      'rid',
    );
    assert.equal(res.status, 200);
    assert.equal(res.body, '{"Account":{"Id":"123456789012","JoinedTimestamp":1749283750.5}}');
    assert.equal(res.headers['Content-Type'], 'application/x-amz-json-1.1');
    assert.equal(res.headers['x-amzn-RequestId'], 'rid');
  });

  test('errors carry __type, message, fields and x-amzn-ErrorType', () => {
    const res = encodeError('organizations', new ServiceError('InvalidInputException', 'You specified an invalid value.', { Reason: 'INVALID_ENUM' }), 'rid');
    assert.equal(res.status, 400);
    assert.equal(res.headers['x-amzn-ErrorType'], 'InvalidInputException');
    assert.deepEqual(JSON.parse(String(res.body)), {
      __type: 'InvalidInputException',
      message: 'You specified an invalid value.',
      Reason: 'INVALID_ENUM',
    });
  });
});
