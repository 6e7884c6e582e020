import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtectedHeader } from 'jose';
import { startOidcIssuer } from '../../../test/support/oidcIssuer.js';
import type { OidcIssuer } from '../../../test/support/oidcIssuer.js';
import { isServiceError } from '../../errors.js';
import { OidcKeyCache } from './oidcKeys.js';

describe('OidcKeyCache', () => {
  let issuer: OidcIssuer;
  before(async () => {
    issuer = await startOidcIssuer();
  });
  after(() => issuer.close());

  const headerOf = async (kid?: string) => {
    const token = await issuer.token({ sub: 's', aud: 'a' }, kid === undefined ? {} : { kid });
    return { header: decodeProtectedHeader(token), token: { payload: '', signature: '' } };
  };

  it('caches a key set for its maximum age, then fetches it again', async () => {
    let now = 1_000_000;
    const cache = new OidcKeyCache({ maxAgeMs: 60_000 });
    const resolve = cache.resolverFor(issuer.url, true, () => now);
    const { header, token } = await headerOf();
    const start = issuer.jwksFetches;
    await resolve(header, token);
    await resolve(header, token);
    assert.equal(issuer.jwksFetches, start + 1);
    now += 60_000;
    await resolve(header, token);
    assert.equal(issuer.jwksFetches, start + 2);
  });

  it('refreshes once for an unknown kid, then not again within the cooldown', async () => {
    let now = 5_000_000;
    const cache = new OidcKeyCache({ unknownKeyCooldownMs: 10_000 });
    const resolve = cache.resolverFor(issuer.url, true, () => now);
    const known = await headerOf();
    await resolve(known.header, known.token);
    const start = issuer.jwksFetches;
    const kid = await issuer.addKey(false);
    const unknown = await headerOf(kid);
    await assert.rejects(resolve(unknown.header, unknown.token), (err) => isServiceError(err) && err.code === 'InvalidIdentityToken');
    assert.equal(issuer.jwksFetches, start + 1, 'one refresh');
    issuer.publish(kid);
    await assert.rejects(resolve(unknown.header, unknown.token), (err) => isServiceError(err) && err.code === 'InvalidIdentityToken');
    assert.equal(issuer.jwksFetches, start + 1, 'no refresh within the cooldown');
    now += 10_000;
    await resolve(unknown.header, unknown.token);
    assert.equal(issuer.jwksFetches, start + 2, 'after the cooldown the rotated key is found');
  });

  it('never contacts an http:// issuer unless allowed, and reports an unreachable one', async () => {
    const cache = new OidcKeyCache({ timeoutMs: 2000 });
    const { header, token } = await headerOf();
    const start = issuer.jwksFetches;
    await assert.rejects(cache.resolverFor(issuer.url, false)(header, token), (err) => isServiceError(err) && err.code === 'InvalidIdentityToken');
    assert.equal(issuer.jwksFetches, start);
    await assert.rejects(cache.resolverFor('http://127.0.0.1:1', true)(header, token), (err) => isServiceError(err) && err.code === 'IDPCommunicationError');
  });
});
