import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../errors.js';
import { decodeRequest, encodeError, encodeResponse } from './protocol.js';

describe('rest-json: decode', () => {
  test('body members, path labels and query members together', () => {
    const d = decodeRequest('access-analyzer', {
      method: 'PUT',
      rawPath: '/analyzer/main/archive-rule/rule%201',
      rawQuery: '',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"filter":{"isPublic":{"eq":["true"]}},"clientToken":"t"}'),
    });
    assert.equal(d.operation, 'UpdateArchiveRule');
    assert.deepEqual(d.input, { analyzerName: 'main', ruleName: 'rule 1', filter: { isPublic: { eq: ['true'] } }, clientToken: 't' });
  });

  test('list query members collect repeated names', () => {
    const d = decodeRequest('access-analyzer', {
      method: 'DELETE',
      rawPath: '/tags/arn%3Aaws%3Aaccess-analyzer%3Aus-east-1%3A123456789012%3Aanalyzer%2Fa',
      rawQuery: 'tagKeys=a&tagKeys=b',
      headers: {},
      body: Buffer.alloc(0),
    });
    assert.equal(d.operation, 'UntagResource');
    assert.deepEqual(d.input, { resourceArn: 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/a', tagKeys: ['a', 'b'] });
  });

  test('a malformed body is SerializationException', () => {
    const d = decodeRequest('rolesanywhere', { method: 'POST', rawPath: '/trustanchors', rawQuery: '', headers: {}, body: Buffer.from('{') });
    assert.equal(d.operation, 'CreateTrustAnchor');
    assert.equal(d.error?.code, 'SerializationException');
  });
});

describe('rest-json: encode', () => {
  test('the model responseCode is the status; iso8601 timestamps where the model says (Roles Anywhere CreateProfile: 201)', () => {
    const res = encodeResponse('rolesanywhere', 'CreateProfile', { profile: { profileId: 'p', createdAt: new Date('2026-01-01T00:00:00Z') } }, 'R');
    assert.equal(res.status, 201);
    assert.deepEqual(JSON.parse(String(res.body)), { profile: { profileId: 'p', createdAt: '2026-01-01T00:00:00.000Z' } });
    assert.equal(res.headers['x-amzn-RequestId'], 'R');
    assert.equal(res.headers['Content-Type'], 'application/json');
  });

  test('errors: x-amzn-ErrorType header and a message body', () => {
    const res = encodeError('access-analyzer', new ServiceError('AccessDeniedException', 'no'), 'R');
    assert.equal(res.status, 403);
    assert.equal(res.headers['x-amzn-ErrorType'], 'AccessDeniedException');
    assert.equal(res.body, '{"message":"no"}');
  });
});
