import { decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import { ServiceError } from '../../errors.js';
import type { ContextValue } from '../need.js';
import type { KeyResolver } from './oidcKeys.js';

/**
 * Verifying an OpenID Connect ID token the way STS AssumeRoleWithWebIdentity does: signature by a
 * key of the issuer, issuer, audience among the provider's client IDs, expiry with five minutes'
 * leeway; and what its claims mean to IAM (condition keys, session tags, source identity).
 */

/** AWS: "IAM provides a five-minute window beyond the expiration time specified in the JWT to account for clock skew" (id_roles_providers_oidc). */
export const OIDC_CLOCK_SKEW_SECONDS = 300;

/** Asymmetric algorithms only: `none` and HMAC (`HS*`) tokens are never accepted. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

/** AWS: the claim carrying session tags (id_session-tags#id_session-tags_adding-assume-role-idp). */
export const TAGS_CLAIM = 'https://aws.amazon.com/tags';
/** AWS: the claim carrying the source identity (id_credentials_temp_control-access_monitor). */
export const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';

/** A verified ID token, as STS uses it. */
export interface VerifiedIdToken {
  readonly issuer: string;
  readonly subject: string;
  /** The registered client ID the token was accepted for. */
  readonly audience: string;
  readonly payload: JWTPayload;
}

export function invalidToken(
  message = 'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.',
): ServiceError {
  return new ServiceError('InvalidIdentityToken', message);
}

/** The `iss` of a token, read before its signature is checked (to find the provider); throws InvalidIdentityToken. */
export function unverifiedIssuer(token: string): string {
  let payload: JWTPayload;
  try {
    payload = decodeJwt(token);
  } catch {
    throw invalidToken();
  }
  if (typeof payload.iss !== 'string' || payload.iss === '') throw invalidToken();
  return payload.iss;
}

/**
 * Verifies a token. `clientIds` are the provider's registered audiences.
 * AWS: wrong audience is InvalidIdentityToken "Incorrect token audience"; an expired token is
 * ExpiredTokenException "Token expired: current date/time … must be before the expiration date/time …".
 */
export async function verifyIdToken(
  token: string,
  options: { issuer: string; keys: KeyResolver; now: Date; clientIds: readonly string[] },
): Promise<VerifiedIdToken> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, options.keys, {
      issuer: options.issuer,
      algorithms: ALGORITHMS,
      currentDate: options.now,
      clockTolerance: OIDC_CLOCK_SKEW_SECONDS,
      requiredClaims: ['exp', 'iat', 'sub', 'aud'],
    }));
  } catch (err) {
    if (err instanceof ServiceError) throw err;
    if (err instanceof joseErrors.JWTExpired) {
      const exp = typeof err.payload.exp === 'number' ? err.payload.exp : 0;
      throw new ServiceError(
        'ExpiredTokenException',
        `Token expired: current date/time ${Math.floor(options.now.getTime() / 1000)} must be before the expiration date/time ${exp}`,
      );
    }
    if (err instanceof joseErrors.JWKSNoMatchingKey || err instanceof joseErrors.JWKSMultipleMatchingKeys) {
      throw invalidToken(
        "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
      );
    }
    throw invalidToken();
  }
  const audience = acceptedAudience(payload, options.clientIds);
  if (audience === undefined) throw invalidToken('Incorrect token audience');
  return { issuer: options.issuer, subject: String(payload.sub), audience, payload };
}

function audiences(payload: JWTPayload): string[] {
  const aud = payload.aud;
  return typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

/**
 * AWS: reference_policies_iam-condition-keys#condition-keys-wif — the `aud` key is the token's
 * `azp` when it has one, its `aud` otherwise; the audience IAM checks against the client IDs is
 * that same value.
 */
function acceptedAudience(payload: JWTPayload, clientIds: readonly string[]): string | undefined {
  const azp = typeof payload['azp'] === 'string' ? payload['azp'] : undefined;
  const candidates = azp !== undefined ? [azp] : audiences(payload);
  return candidates.find((c) => clientIds.includes(c));
}

/**
 * The trust-policy condition keys of a token: `<provider>:aud`, `:sub`, `:oaud` (the other
 * audiences when `azp` is set) and `:amr`, where `<provider>` is the provider's URL without scheme.
 */
export function oidcConditionKeys(providerUrl: string, token: VerifiedIdToken): Record<string, ContextValue> {
  const payload = token.payload;
  const azp = typeof payload['azp'] === 'string' ? payload['azp'] : undefined;
  const aud = audiences(payload);
  const keys: Record<string, ContextValue> = {
    [`${providerUrl}:aud`]: azp ?? (aud.length === 1 ? aud[0]! : aud),
    [`${providerUrl}:sub`]: token.subject,
  };
  if (azp !== undefined) keys[`${providerUrl}:oaud`] = aud;
  const amr = payload['amr'];
  if (typeof amr === 'string') keys[`${providerUrl}:amr`] = [amr];
  else if (Array.isArray(amr)) keys[`${providerUrl}:amr`] = amr.filter((a): a is string => typeof a === 'string');
  return keys;
}

/** Session tags a token asks for, in AssumeRole's `Tags`/`TransitiveTagKeys` shape. */
export interface TokenTags {
  readonly tags: { Key: string; Value: string }[];
  readonly transitiveTagKeys: string[];
}

/**
 * The `https://aws.amazon.com/tags` claim: `{ principal_tags: { key: [value] }, transitive_tag_keys: [key] }`.
 * AWS: id_session-tags#id_session-tags_adding-assume-role-idp — each tag value is a one-element
 * array; anything else is refused as an invalid token.
 */
export function tokenTags(payload: JWTPayload): TokenTags | undefined {
  const claim = payload[TAGS_CLAIM];
  if (claim === undefined) return undefined;
  const malformed = () => invalidToken(`The ${TAGS_CLAIM} claim of the web identity token is malformed.`);
  if (typeof claim !== 'object' || claim === null || Array.isArray(claim)) throw malformed();
  const record = claim as Record<string, unknown>;
  const principalTags = record['principal_tags'] ?? {};
  if (typeof principalTags !== 'object' || principalTags === null || Array.isArray(principalTags)) throw malformed();
  const tags: { Key: string; Value: string }[] = [];
  for (const [key, value] of Object.entries(principalTags)) {
    const single = Array.isArray(value) && value.length === 1 ? value[0] : typeof value === 'string' ? value : undefined;
    if (typeof single !== 'string') throw malformed();
    tags.push({ Key: key, Value: single });
  }
  const transitive = record['transitive_tag_keys'] ?? [];
  if (!Array.isArray(transitive) || transitive.some((k) => typeof k !== 'string')) throw malformed();
  return { tags, transitiveTagKeys: transitive as string[] };
}

/** The source identity a token carries, if any. */
export function tokenSourceIdentity(payload: JWTPayload): string | undefined {
  const value = payload[SOURCE_IDENTITY_CLAIM];
  if (value === undefined) return undefined;
  // AWS: the SourceIdentity rules of AssumeRoleWithSAML's attribute apply to the claim too (troubleshoot_saml).
  if (typeof value !== 'string' || !/^[a-zA-Z_0-9+=,.@-]{2,64}$/.test(value) || value.toLowerCase().startsWith('aws:')) {
    throw invalidToken('Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"');
  }
  return value;
}
