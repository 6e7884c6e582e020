import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isServiceError } from '../../errors.js';
import { oidcConditionKeys, tokenSourceIdentity, tokenTags } from './oidcToken.js';
import type { VerifiedIdToken } from './oidcToken.js';

const token = (payload: Record<string, unknown>): VerifiedIdToken => ({ issuer: 'https://id.example.com', subject: 'u1', audience: 'app', payload });

describe('oidcConditionKeys', () => {
  it('uses aud, and sub, under the provider URL', () => {
    assert.deepEqual(oidcConditionKeys('id.example.com', token({ aud: 'app', sub: 'u1' })), { 'id.example.com:aud': 'app', 'id.example.com:sub': 'u1' });
  });

  it('uses azp as aud when present, the audiences becoming oaud; amr as a list', () => {
    const keys = oidcConditionKeys('id.example.com/tenant', token({ aud: ['api', 'other'], azp: 'app', sub: 'u1', amr: 'pwd' }));
    assert.deepEqual(keys, {
      'id.example.com/tenant:aud': 'app',
      'id.example.com/tenant:sub': 'u1',
      'id.example.com/tenant:oaud': ['api', 'other'],
      'id.example.com/tenant:amr': ['pwd'],
    });
  });
});

describe('tokenTags and tokenSourceIdentity', () => {
  it('reads principal_tags and transitive_tag_keys', () => {
    const tags = tokenTags({ 'https://aws.amazon.com/tags': { principal_tags: { team: ['blue'], cost: ['42'] }, transitive_tag_keys: ['team'] } });
    assert.deepEqual(tags, {
      tags: [
        { Key: 'team', Value: 'blue' },
        { Key: 'cost', Value: '42' },
      ],
      transitiveTagKeys: ['team'],
    });
    assert.equal(tokenTags({}), undefined);
  });

  it('refuses malformed tags and source identities with InvalidIdentityToken', () => {
    const invalid = (err: unknown) => isServiceError(err) && err.code === 'InvalidIdentityToken';
    assert.throws(() => tokenTags({ 'https://aws.amazon.com/tags': { principal_tags: { team: ['a', 'b'] } } }), invalid);
    assert.throws(() => tokenTags({ 'https://aws.amazon.com/tags': ['team'] }), invalid);
    assert.throws(() => tokenTags({ 'https://aws.amazon.com/tags': { principal_tags: {}, transitive_tag_keys: 'team' } }), invalid);
    assert.equal(tokenSourceIdentity({ 'https://aws.amazon.com/source_identity': 'alice@example.com' }), 'alice@example.com');
    assert.throws(() => tokenSourceIdentity({ 'https://aws.amazon.com/source_identity': 'aws:alice' }), invalid);
    assert.throws(() => tokenSourceIdentity({ 'https://aws.amazon.com/source_identity': 'a b' }), invalid);
  });
});
