import { createLocalJWKSet, errors as joseErrors } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { ServiceError } from '../../errors.js';

/**
 * Signing keys of OpenID Connect issuers: discovered from the issuer's
 * `/.well-known/openid-configuration`, fetched from its `jwks_uri`, cached, and fetched again when
 * a token names a key the cached set does not hold (the issuer rotated its keys).
 *
 * AWS: id_roles_providers_create_oidc — "IAM … uses the keys published at the jwks_uri of the
 * provider's OpenID configuration to verify the token's signature".
 */

/** How a deployment treats OIDC issuers; one per running server. */
export interface OidcSettings {
  /** `http://` issuers are accepted (GATEHOUSE_ALLOW_HTTP_ISSUERS, dev mode); otherwise only `https://`. */
  readonly allowHttpIssuers: boolean;
  readonly keys: OidcKeyCache;
}

/** A key resolver for `jwtVerify`, bound to one issuer's key set. */
export type KeyResolver = (...args: Parameters<ReturnType<typeof createLocalJWKSet>>) => ReturnType<ReturnType<typeof createLocalJWKSet>>;

export interface OidcKeyCacheOptions {
  /** How long a fetched key set is used before it is fetched again. */
  readonly maxAgeMs?: number;
  /** After a refresh caused by an unknown key, no other such refresh for this long. */
  readonly unknownKeyCooldownMs?: number;
  readonly timeoutMs?: number;
  /** Largest discovery document or key set accepted, in bytes. */
  readonly maxBytes?: number;
}

interface IssuerKeys {
  readonly resolve: ReturnType<typeof createLocalJWKSet>;
  readonly fetchedAt: number;
  unknownKeyRefreshAt?: number;
}

/** AWS: IDPCommunicationError, as the STS API reference words it. */
export function idpUnreachable(): ServiceError {
  return new ServiceError(
    'IDPCommunicationError',
    "The request could not be fulfilled because the identity provider (IDP) that was asked to verify the incoming identity token could not be reached. This is often a transient error caused by network conditions. Retry the request a limited number of times so that you don't exceed the request rate. If the error persists, the identity provider might be down or not responding.",
  );
}

/** AWS: InvalidIdentityToken when the issuer publishes no key that verifies the token. */
export function noVerificationKey(): ServiceError {
  return new ServiceError(
    'InvalidIdentityToken',
    "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
  );
}

/** Cached JWKS per issuer, with discovery, expiry and refresh on an unknown `kid`. */
export class OidcKeyCache {
  readonly #maxAgeMs: number;
  readonly #cooldownMs: number;
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #issuers = new Map<string, IssuerKeys>();
  readonly #pending = new Map<string, Promise<IssuerKeys>>();

  constructor(options: OidcKeyCacheOptions = {}) {
    this.#maxAgeMs = options.maxAgeMs ?? 60 * 60 * 1000;
    this.#cooldownMs = options.unknownKeyCooldownMs ?? 30 * 1000;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#maxBytes = options.maxBytes ?? 512 * 1024;
  }

  /**
   * A resolver of the key a token's header names, from the issuer's key set. `issuer` is the
   * token's `iss` exactly; `allowHttp` says whether an `http://` discovery is acceptable.
   */
  resolverFor(issuer: string, allowHttp: boolean, now: () => number = Date.now): KeyResolver {
    return async (header, token) => {
      let keys = await this.#keys(issuer, allowHttp, now(), false);
      try {
        return await keys.resolve(header, token);
      } catch (err) {
        if (!(err instanceof joseErrors.JWKSNoMatchingKey)) throw err;
        const last = keys.unknownKeyRefreshAt;
        if (last !== undefined && now() - last < this.#cooldownMs) throw noVerificationKey();
        keys = await this.#keys(issuer, allowHttp, now(), true);
        keys.unknownKeyRefreshAt = now();
        try {
          return await keys.resolve(header, token);
        } catch (again) {
          if (again instanceof joseErrors.JWKSNoMatchingKey) throw noVerificationKey();
          throw again;
        }
      }
    };
  }

  /** Forgets every cached key set. */
  clear(): void {
    this.#issuers.clear();
  }

  async #keys(issuer: string, allowHttp: boolean, now: number, force: boolean): Promise<IssuerKeys> {
    const cached = this.#issuers.get(issuer);
    if (!force && cached !== undefined && now - cached.fetchedAt < this.#maxAgeMs) return cached;
    const pending = this.#pending.get(issuer);
    if (pending !== undefined) return pending;
    const loading = this.#load(issuer, allowHttp, now).finally(() => this.#pending.delete(issuer));
    this.#pending.set(issuer, loading);
    const keys = await loading;
    if (cached?.unknownKeyRefreshAt !== undefined) keys.unknownKeyRefreshAt = cached.unknownKeyRefreshAt;
    this.#issuers.set(issuer, keys);
    return keys;
  }

  async #load(issuer: string, allowHttp: boolean, now: number): Promise<IssuerKeys> {
    const discoveryUrl = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const discovery = await this.#fetchJson(discoveryUrl, allowHttp);
    // OpenID Connect Discovery 1.0 §4.3: the document's issuer must be the token's issuer.
    if (typeof discovery['issuer'] !== 'string' || discovery['issuer'].replace(/\/+$/, '') !== issuer.replace(/\/+$/, '')) throw noVerificationKey();
    const jwksUri = discovery['jwks_uri'];
    if (typeof jwksUri !== 'string') throw noVerificationKey();
    const jwks = await this.#fetchJson(jwksUri, allowHttp);
    if (!Array.isArray(jwks['keys'])) throw noVerificationKey();
    return { resolve: createLocalJWKSet(jwks as unknown as JSONWebKeySet), fetchedAt: now };
  }

  async #fetchJson(url: string, allowHttp: boolean): Promise<Record<string, unknown>> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw noVerificationKey();
    }
    if (parsed.protocol !== 'https:' && !(allowHttp && parsed.protocol === 'http:')) throw noVerificationKey();
    let text: string;
    try {
      const response = await fetch(parsed, { redirect: 'error', signal: AbortSignal.timeout(this.#timeoutMs), headers: { accept: 'application/json' } });
      if (!response.ok) throw noVerificationKey();
      text = await response.text();
    } catch (err) {
      if (err instanceof ServiceError) throw err;
      throw idpUnreachable();
    }
    if (Buffer.byteLength(text) > this.#maxBytes) throw noVerificationKey();
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw noVerificationKey();
      return value as Record<string, unknown>;
    } catch {
      throw noVerificationKey();
    }
  }
}
