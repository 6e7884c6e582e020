import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ServiceError } from '../errors.js';
import { decodeRequest, encodeError, encodeResponse } from './protocol.js';
import type { ServiceName, WireRequest } from './types.js';

interface DecodeCase {
  name: string;
  service: ServiceName;
  body: string;
  operation?: string;
  input?: Record<string, unknown>;
  error?: { code: string; message: string };
}

const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/protocol/query-decode.json', import.meta.url), 'utf8')) as { cases: DecodeCase[] };

function post(body: string): WireRequest {
  return {
    method: 'POST',
    rawPath: '/',
    rawQuery: '',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: Buffer.from(body),
  };
}

describe('query protocol: decode and validate (fixture cases)', () => {
  for (const c of fixture.cases) {
    test(c.name, () => {
      const decoded = decodeRequest(c.service, post(c.body));
      assert.equal(decoded.operation, c.operation);
      if (c.error) {
        assert.ok(decoded.error, 'expected an error');
        assert.equal(decoded.error.code, c.error.code);
        assert.equal(decoded.error.message, c.error.message);
      } else {
        assert.equal(decoded.error, undefined, decoded.error?.message);
        assert.deepEqual(decoded.input, c.input);
      }
    });
  }

  test('GET with the parameters in the query string', () => {
    const decoded = decodeRequest('iam', {
      method: 'GET',
      rawPath: '/',
      rawQuery: 'Action=GetUser&Version=2010-05-08&UserName=bob',
      headers: {},
      body: Buffer.alloc(0),
    });
    assert.deepEqual(decoded, { operation: 'GetUser', input: { UserName: 'bob' } });
  });

  test('timestamps are parsed to Date', () => {
    const decoded = decodeRequest(
      'iam',
      post(
        'Action=SimulateCustomPolicy&Version=2010-05-08&PolicyInputList.member.1=%7B%7D&ActionNames.member.1=s3%3AGetObject&ContextEntries.member.1.ContextKeyName=aws%3ACurrentTime&ContextEntries.member.1.ContextKeyType=date&ContextEntries.member.1.ContextKeyValues.member.1=2026-01-01T00%3A00%3A00Z',
      ),
    );
    assert.equal(decoded.error, undefined, decoded.error?.message);
    assert.deepEqual((decoded.input!.ContextEntries as unknown[])[0], {
      ContextKeyName: 'aws:CurrentTime',
      ContextKeyType: 'date',
      ContextKeyValues: ['2026-01-01T00:00:00Z'],
    });
  });
});

describe('query protocol: encode', () => {
  test('GetCallerIdentity response in AWS layout', () => {
    const res = encodeResponse(
      'sts',
      'GetCallerIdentity',
      { Arn: 'arn:aws:iam::123456789012:user/Alice', UserId: 'AKIAI44QH8DHBEXAMPLE', Account: '123456789012', Extra: 'ignored' },
      '01234567-89ab-cdef-0123-456789abcdef',
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers['Content-Type'], 'text/xml');
    assert.equal(res.headers['x-amzn-RequestId'], '01234567-89ab-cdef-0123-456789abcdef');
    assert.equal(
      res.body,
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
        '  <GetCallerIdentityResult>\n' +
        '    <UserId>AKIAI44QH8DHBEXAMPLE</UserId>\n' +
        '    <Account>123456789012</Account>\n' +
        '    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>\n' +
        '  </GetCallerIdentityResult>\n' +
        '  <ResponseMetadata>\n' +
        '    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>\n' +
        '  </ResponseMetadata>\n' +
        '</GetCallerIdentityResponse>\n',
    );
    assert.equal(res.headers['Content-Length'], String(Buffer.byteLength(res.body)));
  });

  test('an operation without output has only ResponseMetadata', () => {
    const res = encodeResponse('iam', 'DeleteUser', {}, 'r1');
    assert.equal(
      res.body,
      '<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">\n' +
        '  <ResponseMetadata>\n    <RequestId>r1</RequestId>\n  </ResponseMetadata>\n</DeleteUserResponse>\n',
    );
  });

  test('lists use <member>, empty lists are self-closed, timestamps are whole-second ISO 8601, text is escaped', () => {
    const res = encodeResponse(
      'iam',
      'ListUsers',
      {
        Users: [
          {
            Path: '/',
            UserName: 'a&b',
            UserId: 'AIDA1',
            Arn: 'arn:aws:iam::123456789012:user/a\'b"<>',
            CreateDate: new Date('2015-08-30T12:36:00.123Z'),
            Tags: [],
          },
        ],
        IsTruncated: false,
      },
      'r2',
    );
    const body = String(res.body);
    assert.ok(body.includes('<ListUsersResult>\n    <Users>\n      <member>\n        <Path>/</Path>\n        <UserName>a&amp;b</UserName>'));
    assert.ok(body.includes('<Arn>arn:aws:iam::123456789012:user/a&apos;b&quot;&lt;&gt;</Arn>'));
    assert.ok(body.includes('<CreateDate>2015-08-30T12:36:00Z</CreateDate>'));
    assert.ok(body.includes('<Tags/>'));
    assert.ok(body.includes('<IsTruncated>false</IsTruncated>'));
  });

  test('error response in AWS layout', () => {
    const res = encodeError('iam', new ServiceError('NoSuchEntity', 'The user with name bob cannot be found.'), 'r3');
    assert.equal(res.status, 404);
    assert.equal(
      res.body,
      '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">\n' +
        '  <Error>\n    <Type>Sender</Type>\n    <Code>NoSuchEntity</Code>\n' +
        '    <Message>The user with name bob cannot be found.</Message>\n  </Error>\n' +
        '  <RequestId>r3</RequestId>\n</ErrorResponse>\n',
    );
    assert.equal(res.headers['x-amzn-RequestId'], 'r3');
  });

  test('an unidentified service gets the query error form without a namespace', () => {
    const res = encodeError(null, new ServiceError('InvalidAction', 'Could not find operation X for version NO_VERSION_SPECIFIED'), 'r5');
    assert.equal(res.status, 400);
    assert.ok(String(res.body).startsWith('<ErrorResponse>\n  <Error>\n    <Type>Sender</Type>\n    <Code>InvalidAction</Code>'));
  });

  test('a receiver fault says Receiver', () => {
    const res = encodeError('sts', new ServiceError('InternalFailure', 'boom'), 'r4');
    assert.equal(res.status, 500);
    assert.ok(String(res.body).includes('<Type>Receiver</Type>'));
    assert.ok(String(res.body).startsWith('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'));
  });
});
