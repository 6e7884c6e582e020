import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  accountEntityArn,
  entityKindOf,
  newCreateAccountRequestId,
  newOrganizationId,
  newOrganizationPolicyId,
  newOrganizationalUnitId,
  newRootId,
  organizationPath,
  organizationPolicyArn,
} from './organization.js';

describe('organization identifiers', () => {
  it('follow the Organizations API patterns', () => {
    for (let i = 0; i < 50; i++) {
      const root = newRootId();
      assert.match(newOrganizationId(), /^o-[a-z0-9]{10}$/);
      assert.match(root, /^r-[0-9a-z]{4}$/);
      assert.match(newOrganizationalUnitId(root), new RegExp(`^ou-${root.slice(2)}-[a-z0-9]{8}$`));
      assert.match(newOrganizationPolicyId(), /^p-[0-9a-z]{8}$/);
      assert.match(newCreateAccountRequestId(), /^car-[a-z0-9]{32}$/);
    }
  });

  it('tell roots, OUs and accounts apart by shape', () => {
    assert.equal(entityKindOf('r-ab12'), 'ROOT');
    assert.equal(entityKindOf('ou-ab12-abcdefgh'), 'ORGANIZATIONAL_UNIT');
    assert.equal(entityKindOf('123456789012'), 'ACCOUNT');
    assert.equal(entityKindOf('p-abcdefgh'), undefined);
    assert.equal(entityKindOf('12345678901'), undefined);
  });

  it('build ARNs and org paths as AWS documents them', () => {
    assert.equal(accountEntityArn('111111111111', 'o-abcdefghij', '222222222222'), 'arn:aws:organizations::111111111111:account/o-abcdefghij/222222222222');
    assert.equal(
      organizationPolicyArn('111111111111', 'o-abcdefghij', 'SERVICE_CONTROL_POLICY', 'p-12345678', false),
      'arn:aws:organizations::111111111111:policy/o-abcdefghij/service_control_policy/p-12345678',
    );
    assert.equal(
      organizationPolicyArn('111111111111', 'o-abcdefghij', 'RESOURCE_CONTROL_POLICY', 'p-RCPFullAWSAccess', true),
      'arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess',
    );
    assert.equal(organizationPath('o-a1b2c3d4e5', ['r-ab12', 'ou-ab12-11111111']), 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/');
    assert.equal(organizationPath('o-a1b2c3d4e5', ['r-ab12']), 'o-a1b2c3d4e5/r-ab12/');
  });
});
