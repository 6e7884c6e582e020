import { iamArn } from '../../model/index.js';
import type { OidcProviderRecord, Store } from '../../store/index.js';

/**
 * The identity providers an account registers in IAM, as the federation calls find them: an OIDC
 * provider by its token issuer, a SAML provider's trust material by its ARN. IAM manages the
 * providers (`services/iam/providers/`); STS's AssumeRoleWithWebIdentity and AssumeRoleWithSAML
 * (and later Identity Center) read them here.
 */

/**
 * An OIDC provider URL as IAM names the provider (`host/path` in lower-case host, without scheme,
 * query or trailing slash); undefined when it is not an `https://` URL IAM would accept.
 * AWS: IAM API reference, CreateOpenIDConnectProvider (`Url`) and the provider ARN
 * `arn:aws:iam::<account>:oidc-provider/<host/path>`.
 */
export function oidcProviderUrl(url: string): string | undefined {
  if (!/^https:\/\//i.test(url)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.hostname === '' || parsed.search !== '' || parsed.hash !== '' || parsed.username !== '' || parsed.password !== '') return undefined;
  return `${parsed.host.toLowerCase()}${parsed.pathname.replace(/\/+$/, '')}`;
}

/**
 * The account's provider for a token issuer (`iss`), for AssumeRoleWithWebIdentity: client IDs
 * (audiences) and thumbprints. Undefined when the account has none for that issuer.
 */
export async function oidcProviderForIssuer(store: Store, accountId: string, issuer: string): Promise<OidcProviderRecord | undefined> {
  const url = oidcProviderUrl(issuer.includes('://') ? issuer : `https://${issuer}`);
  return url === undefined ? undefined : store.oidcProviders.get(iamArn(accountId, 'oidc-provider', '/', url));
}

/**
 * A SAML provider's trust material, for AssumeRoleWithSAML: the IdP's entity ID, its signing
 * certificates (DER, base64) and the metadata's expiry. Undefined when there is no such provider.
 */
export async function samlProviderTrust(
  store: Store,
  arn: string,
): Promise<{ entityId: string; signingCertificates: readonly string[]; validUntil: Date } | undefined> {
  const provider = await store.samlProviders.get(arn);
  if (provider === undefined) return undefined;
  return { entityId: provider.entityId, signingCertificates: provider.signingCertificates, validUntil: new Date(provider.validUntil) };
}
