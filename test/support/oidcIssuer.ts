import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { JWK, JWTPayload } from 'jose';

/**
 * A local OpenID Connect issuer for tests: discovery document and JWKS served over HTTP on
 * 127.0.0.1, RS256 keys from `jose`, ID tokens signed on demand.
 */

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

interface IssuerKey {
  readonly kid: string;
  readonly privateKey: SigningKey;
  readonly publicJwk: JWK;
}

export interface TokenOptions {
  /** The key to sign with (default: the newest published key). */
  readonly kid?: string;
  /** Sign with this private key instead, under `kid` (a forged token). */
  readonly forgeWith?: SigningKey;
  /** Seconds from now until `exp` (default 600; negative for an expired token). */
  readonly expiresIn?: number;
}

export interface OidcIssuer {
  /** The issuer URL (`http://127.0.0.1:port`), the token's `iss`. */
  readonly url: string;
  /** The issuer's host and port, the prefix of its condition keys (`127.0.0.1:port:aud`). */
  readonly host: string;
  /** How many times the JWKS was fetched. */
  readonly jwksFetches: number;
  /** Creates a key; published in the JWKS unless `publish` is false. Returns its `kid`. */
  addKey(publish?: boolean): Promise<string>;
  /** Publishes a key created unpublished (a rotation). */
  publish(kid: string): void;
  /** A signed ID token with `iss`, `iat`, `exp` set and the given claims. */
  token(claims: JWTPayload, options?: TokenOptions): Promise<string>;
  /** A fresh private key that the issuer never published. */
  strangerKey(): Promise<SigningKey>;
  close(): Promise<void>;
}

export async function startOidcIssuer(): Promise<OidcIssuer> {
  const keys: IssuerKey[] = [];
  const published = new Set<string>();
  let jwksFetches = 0;
  let url = '';
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/openid-configuration') {
      send(200, {
        issuer: url,
        jwks_uri: `${url}/jwks`,
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
      });
    } else if (req.url === '/jwks') {
      jwksFetches += 1;
      send(200, { keys: keys.filter((k) => published.has(k.kid)).map((k) => k.publicJwk) });
    } else {
      send(404, { error: 'not found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;

  const issuer: OidcIssuer = {
    url,
    host: `127.0.0.1:${port}`,
    get jwksFetches() {
      return jwksFetches;
    },
    async addKey(publish = true) {
      const pair = await generateKeyPair('RS256', { extractable: true });
      const kid = `key-${keys.length + 1}`;
      const publicJwk = { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' };
      keys.push({ kid, privateKey: pair.privateKey, publicJwk });
      if (publish) published.add(kid);
      return kid;
    },
    publish(kid) {
      published.add(kid);
    },
    async token(claims, options = {}) {
      const key = options.kid !== undefined ? keys.find((k) => k.kid === options.kid) : [...keys].reverse().find((k) => published.has(k.kid));
      if (key === undefined) throw new Error('no such key');
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
        .setIssuer(url)
        .setIssuedAt(now - 5)
        .setExpirationTime(now + (options.expiresIn ?? 600))
        .sign(options.forgeWith ?? key.privateKey);
    },
    async strangerKey() {
      return (await generateKeyPair('RS256')).privateKey;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
  await issuer.addKey();
  return issuer;
}
