import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { identifyService } from './identify.js';
import { isUnsignedOperation } from './protocol.js';
import type { WireRequest } from './types.js';

function req(partial: Partial<WireRequest>): WireRequest {
  return { method: 'POST', rawPath: '/', rawQuery: '', headers: {}, body: Buffer.alloc(0), ...partial };
}

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('identifyService', () => {
  test('the SigV4 scope service name decides first', () => {
    assert.equal(identifyService(req({}), 'iam'), 'iam');
    assert.equal(identifyService(req({}), 'sso'), 'sso-admin');
    assert.equal(identifyService(req({}), 'access-analyzer'), 'access-analyzer');
    assert.equal(identifyService(req({ headers: { 'x-amz-target': 'AWSIdentityStore.ListUsers' } }), 'sts'), 'sts');
    assert.equal(identifyService(req({}), 'ec2'), null);
  });

  test('X-Amz-Target prefixes, full and short', () => {
    const cases: Array<[string, string | null]> = [
      ['AWSOrganizationsV20161128.ListRoots', 'organizations'],
      ['com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', 'cloudtrail'],
      ['CloudTrail_20131101.LookupEvents', 'cloudtrail'],
      ['SWBExternalService.ListInstances', 'sso-admin'],
      ['AWSIdentityStore.ListUsers', 'identitystore'],
      ['DynamoDB_20120810.ListTables', null],
    ];
    for (const [target, service] of cases) {
      assert.equal(identifyService(req({ headers: { 'x-amz-target': target } }), undefined), service, target);
    }
  });

  test('unsigned query requests: STS by Version or Action, IAM otherwise', () => {
    const sts = req({ headers: form, body: Buffer.from('Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=x') });
    assert.equal(identifyService(sts, undefined), 'sts');
    const stsNoVersion = req({ headers: form, body: Buffer.from('Action=AssumeRoleWithSAML') });
    assert.equal(identifyService(stsNoVersion, undefined), 'sts');
    const iam = req({ method: 'GET', rawQuery: 'Action=ListUsers&Version=2010-05-08' });
    assert.equal(identifyService(iam, undefined), 'iam');
    assert.equal(identifyService(req({ headers: form, body: Buffer.from('Action=Nope') }), undefined), null);
    assert.equal(identifyService(req({ method: 'GET', rawQuery: 'Action=Nope' }), undefined), null);
    assert.equal(identifyService(req({ headers: form, body: Buffer.from('Version=2011-06-15') }), undefined), 'sts');
  });

  test('the unsigned SSO OIDC and portal calls, by the host their endpoint prefix names', () => {
    const json = { 'content-type': 'application/json' };
    assert.equal(identifyService(req({ rawPath: '/token', headers: { ...json, host: 'oidc.us-east-1.amazonaws.com' } }), undefined), 'sso-oidc');
    assert.equal(identifyService(req({ rawPath: '/client/register', headers: { ...json, host: 'oidc.eu-west-1.amazonaws.com:443' } }), undefined), 'sso-oidc');
    const portal = { host: 'portal.sso.us-east-1.amazonaws.com' };
    assert.equal(identifyService(req({ method: 'GET', rawPath: '/assignment/accounts', headers: portal }), undefined), 'sso-portal');
    // Even without the bearer header: the portal's host says whose the call is (it answers UnauthorizedException).
    assert.equal(identifyService(req({ method: 'GET', rawPath: '/federation/credentials', headers: portal }), undefined), 'sso-portal');
    // A deeper name is not the model's endpoint.
    assert.equal(identifyService(req({ method: 'GET', rawPath: '/b/k', headers: { host: 'oidc.x.us-east-1.amazonaws.com' } }), undefined), 's3');
  });

  test('the unsigned SSO OIDC and portal calls, by route on any host (an endpoint URL pointing at Gatehouse)', () => {
    const local = { host: '127.0.0.1:4747', 'content-type': 'application/json' };
    assert.equal(identifyService(req({ rawPath: '/token', headers: local }), undefined), 'sso-oidc');
    assert.equal(identifyService(req({ rawPath: '/device_authorization', headers: local }), undefined), 'sso-oidc');
    assert.equal(identifyService(req({ rawPath: '/client/register', headers: local }), undefined), 'sso-oidc');
    const bearer = { host: '127.0.0.1:4747', 'x-amz-sso_bearer_token': 'token' };
    assert.equal(
      identifyService(req({ method: 'GET', rawPath: '/federation/credentials', rawQuery: 'role_name=R&account_id=111122223333', headers: bearer }), undefined),
      'sso-portal',
    );
    assert.equal(identifyService(req({ method: 'GET', rawPath: '/assignment/roles', headers: bearer }), undefined), 'sso-portal');
    assert.equal(identifyService(req({ method: 'POST', rawPath: '/logout', headers: bearer }), undefined), 'sso-portal');
    // Without the portal's bearer header the same path is S3's object `credentials` of bucket `federation`.
    assert.equal(identifyService(req({ method: 'GET', rawPath: '/federation/credentials', headers: { host: '127.0.0.1:4747' } }), undefined), 's3');
    // Signed: the credential scope decides (CreateTokenWithIAM is signed for sso-oauth).
    assert.equal(identifyService(req({ rawPath: '/token', rawQuery: 'aws_iam=t' }), 'sso-oauth'), 'sso-oidc');
    assert.equal(identifyService(req({ method: 'GET', rawPath: '/assignment/accounts' }), 'awsssoportal'), 'sso-portal');
  });

  test('anything else is path-style S3', () => {
    assert.equal(identifyService(req({ method: 'GET', rawPath: '/bucket/key.txt' }), undefined), 's3');
    assert.equal(identifyService(req({ method: 'PUT', rawPath: '/bucket', rawQuery: 'policy' }), undefined), 's3');
  });
});

describe('isUnsignedOperation', () => {
  test('the STS federation calls and the SSO login calls', () => {
    assert.equal(isUnsignedOperation('sso-oidc', 'CreateToken'), true);
    assert.equal(isUnsignedOperation('sso-oidc', 'CreateTokenWithIAM'), false);
    assert.equal(isUnsignedOperation('sso-portal', 'GetRoleCredentials'), true);
    assert.equal(isUnsignedOperation('sts', 'AssumeRoleWithSAML'), true);
    assert.equal(isUnsignedOperation('sts', 'AssumeRoleWithWebIdentity'), true);
    assert.equal(isUnsignedOperation('sts', 'AssumeRole'), false);
    assert.equal(isUnsignedOperation('iam', 'AssumeRoleWithSAML'), false);
    assert.equal(isUnsignedOperation('s3', 'GetObject'), false);
  });
});

describe('S3 Control beside S3', () => {
  test('a request scoped to s3 whose path starts with /v20180820/ is S3 Control’s, whatever its host', () => {
    const head = (path: string, host: string) => ({
      method: 'GET',
      rawPath: path,
      rawQuery: '',
      headers: { host, 'x-amz-account-id': '123456789012' },
      body: Buffer.alloc(0),
    });
    assert.equal(identifyService(head('/v20180820/configuration/publicAccessBlock', '123456789012.localhost:4747'), 's3'), 's3control');
    assert.equal(
      identifyService(head('/v20180820/configuration/publicAccessBlock', '123456789012.s3-control.us-east-1.amazonaws.com'), undefined),
      's3control',
    );
    assert.equal(identifyService(head('/bucket/key', '127.0.0.1:4747'), 's3'), 's3');
    assert.equal(identifyService(head('/key', '123456789012.localhost:4747'), 's3'), 's3');
  });
});
