import { createHash, createPrivateKey, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { canonicalQuery, canonicalRequest, canonicalUri, credentialScope, parseQuery, uriEncode } from '../auth/sigv4/index.js';

/**
 * A client of IAM Roles Anywhere's CreateSession for Node programs: signs the request with the
 * certificate's private key (X.509 SigV4) and returns the session's credentials, with the AWS SDK
 * for JavaScript's credential shape. It works against Gatehouse and against AWS.
 *
 * AWS: Roles Anywhere User Guide, "The IAM Roles Anywhere authentication signing process" —
 * canonical request as SigV4, `X-Amz-X509` (base64 DER) and `X-Amz-X509-Chain` (comma-separated)
 * signed, string to sign `<algorithm>\n<date>\n<scope>\n<hash>`, the certificate's decimal serial
 * number as the credential, the signature SHA256WithRSA (PKCS#1 v1.5) or SHA256WithECDSA in hex.
 */

/** What CreateSession needs: the certificate and its key, and which trust anchor, profile and role. */
export interface RolesAnywhereOptions {
  /** The end-entity certificate, PEM (or DER). */
  readonly certificate: string | Uint8Array;
  /** Its private key, PEM (PKCS#8, PKCS#1 or SEC1), or a key object. */
  readonly privateKey: string | Uint8Array | KeyObject;
  /** Intermediate CA certificates to send in `X-Amz-X509-Chain`, as one PEM bundle. */
  readonly intermediates?: string;
  readonly trustAnchorArn: string;
  readonly profileArn: string;
  readonly roleArn: string;
  /** Default: the trust anchor ARN's region. */
  readonly region?: string;
  /** Default: `https://rolesanywhere.<region>.amazonaws.com`. */
  readonly endpoint?: string;
  /** 900–43200; default: the profile's. */
  readonly durationSeconds?: number;
  /** Honoured when the profile accepts role session names; default: the certificate's serial number. */
  readonly roleSessionName?: string;
  /** Facts about the host, recorded with the subject (required by profiles that require instance properties). */
  readonly instanceProperties?: Readonly<Record<string, string>>;
  /** Clock for the signature (tests). */
  readonly now?: () => Date;
}

/** Temporary credentials, as the AWS SDK for JavaScript v3 takes them (`credentials:` of any client). */
export interface RolesAnywhereCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

/** A refusal by the service: its error code (`AccessDeniedException` …), HTTP status and message. */
export class RolesAnywhereError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, status: number, message: string) {
    super(`${code}: ${message}`);
    this.name = 'RolesAnywhereError';
    this.code = code;
    this.status = status;
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

function der(certificate: string | Uint8Array): Buffer {
  if (typeof certificate !== 'string') {
    const text = Buffer.from(certificate).toString('latin1');
    return text.includes('-----BEGIN CERTIFICATE-----') ? der(text) : Buffer.from(certificate);
  }
  const first = [...certificate.matchAll(PEM_CERTIFICATE)][0];
  if (first === undefined) throw new Error('the certificate is not a PEM certificate');
  return Buffer.from(first[1]!.replace(/\s+/g, ''), 'base64');
}

function bundle(text: string): Buffer[] {
  return [...text.matchAll(PEM_CERTIFICATE)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

function privateKeyOf(key: string | Uint8Array | KeyObject): KeyObject {
  if (typeof key === 'string') return createPrivateKey(key);
  if (key instanceof Uint8Array) return createPrivateKey(Buffer.from(key));
  return key;
}

/** `20211103T120000Z`. */
function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The X.509 SigV4 algorithm a key signs with. */
export function x509SigningAlgorithm(key: KeyObject): 'AWS4-X509-RSA-SHA256' | 'AWS4-X509-ECDSA-SHA256' {
  if (key.asymmetricKeyType === 'rsa') return 'AWS4-X509-RSA-SHA256';
  if (key.asymmetricKeyType === 'ec') return 'AWS4-X509-ECDSA-SHA256';
  throw new Error(`a ${key.asymmetricKeyType ?? 'unknown'} key cannot sign CreateSession: use an RSA or EC key`);
}

/** A signed request, ready to send. */
export interface SignedRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** What signs a request: a certificate, its private key and intermediates, the signing scope. */
export interface X509Signer {
  readonly certificate: string | Uint8Array;
  readonly privateKey: string | Uint8Array | KeyObject;
  readonly intermediates?: string;
  readonly region: string;
  /** Default: `rolesanywhere`. */
  readonly service?: string;
  readonly now?: () => Date;
}

/**
 * Signs any request with X.509 SigV4: `content-type`, `host`, `x-amz-date`, `x-amz-x509` (and
 * `x-amz-x509-chain`) signed, the certificate's decimal serial number as the credential.
 */
export function signX509Request(request: { method: string; url: string; body: string }, signer: X509Signer): SignedRequest {
  const url = new URL(request.url);
  const key = privateKeyOf(signer.privateKey);
  const algorithm = x509SigningAlgorithm(key);
  const certificate = der(signer.certificate);
  const parsed = new X509Certificate(certificate);
  if (!parsed.checkPrivateKey(key)) throw new Error('the private key does not belong to the certificate');
  const serial = BigInt(`0x${parsed.serialNumber}`).toString(10);
  const chain = signer.intermediates === undefined ? [] : bundle(signer.intermediates);
  const date = amzDate((signer.now ?? (() => new Date()))());
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    host: url.host,
    'x-amz-date': date,
    'x-amz-x509': certificate.toString('base64'),
  };
  if (chain.length > 0) headers['x-amz-x509-chain'] = chain.map((c) => c.toString('base64')).join(',');
  const signedHeaders = Object.keys(headers).sort();
  const canonical = canonicalRequest({
    method: request.method.toUpperCase(),
    canonicalUri: canonicalUri(url.pathname, false),
    canonicalQuery: canonicalQuery(parseQuery(url.search.slice(1)), new Set()),
    headers,
    signedHeaders,
    payloadHash: createHash('sha256').update(request.body).digest('hex'),
  });
  const scope = credentialScope(date.slice(0, 8), signer.region, signer.service ?? 'rolesanywhere');
  const stringToSign = `${algorithm}\n${date}\n${scope}\n${createHash('sha256').update(canonical).digest('hex')}`;
  const signature = sign('sha256', Buffer.from(stringToSign, 'utf8'), key).toString('hex');
  const authorization = `${algorithm} Credential=${serial}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
  const { host: _host, ...sent } = headers;
  return { url: url.toString(), headers: { ...sent, authorization }, body: request.body };
}

/**
 * Builds and signs a CreateSession request. The ARNs travel in the query, as AWS's credential
 * helper sends them; the body carries the duration and session name.
 */
export function signCreateSession(options: RolesAnywhereOptions): SignedRequest {
  const region = options.region ?? options.trustAnchorArn.split(':')[3] ?? 'us-east-1';
  const base = new URL(options.endpoint ?? `https://rolesanywhere.${region}.amazonaws.com`);
  const query = [
    ['profileArn', options.profileArn],
    ['roleArn', options.roleArn],
    ['trustAnchorArn', options.trustAnchorArn],
  ]
    .map(([name, value]) => `${uriEncode(name!, false)}=${uriEncode(value!, false)}`)
    .join('&');
  const body = JSON.stringify({
    ...(options.durationSeconds !== undefined ? { durationSeconds: options.durationSeconds } : {}),
    ...(options.roleSessionName !== undefined ? { roleSessionName: options.roleSessionName } : {}),
    ...(options.instanceProperties !== undefined ? { instanceProperties: options.instanceProperties } : {}),
  });
  return signX509Request(
    { method: 'POST', url: `${base.origin}${base.pathname.replace(/\/$/, '')}/sessions?${query}`, body },
    {
      certificate: options.certificate,
      privateKey: options.privateKey,
      region,
      ...(options.intermediates !== undefined ? { intermediates: options.intermediates } : {}),
      ...(options.now !== undefined ? { now: options.now } : {}),
    },
  );
}

/** Calls CreateSession and returns the session's credentials; throws {@link RolesAnywhereError} when refused. */
export async function createSession(options: RolesAnywhereOptions): Promise<RolesAnywhereCredentials> {
  const request = signCreateSession(options);
  const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON: reported below with the status.
  }
  if (!response.ok) {
    const code = (response.headers.get('x-amzn-errortype') ?? 'UnknownError').split(':')[0]!;
    throw new RolesAnywhereError(code, response.status, String(json['message'] ?? json['Message'] ?? text));
  }
  const set = (json['credentialSet'] as { credentials?: Record<string, string> }[] | undefined)?.[0]?.credentials;
  if (set?.accessKeyId === undefined || set.secretAccessKey === undefined || set.sessionToken === undefined || set.expiration === undefined) {
    throw new RolesAnywhereError('InvalidResponse', response.status, 'the CreateSession response carries no credentials');
  }
  return { accessKeyId: set.accessKeyId, secretAccessKey: set.secretAccessKey, sessionToken: set.sessionToken, expiration: new Date(set.expiration) };
}

/** How long before they expire credentials are fetched anew (the SDKs refresh five minutes before expiry). */
const REFRESH_MS = 5 * 60_000;

/**
 * A credential provider for any AWS SDK for JavaScript v3 client (`credentials:`): calls
 * CreateSession on first use and again when the credentials are five minutes from expiring;
 * concurrent calls share one request.
 */
export function fromRolesAnywhere(options: RolesAnywhereOptions): () => Promise<RolesAnywhereCredentials> {
  let current: RolesAnywhereCredentials | undefined;
  let pending: Promise<RolesAnywhereCredentials> | undefined;
  const now = options.now ?? (() => new Date());
  return async () => {
    if (current !== undefined && current.expiration.getTime() - now().getTime() > REFRESH_MS) return current;
    pending ??= createSession(options).then(
      (credentials) => {
        current = credentials;
        pending = undefined;
        return credentials;
      },
      (err: unknown) => {
        pending = undefined;
        throw err;
      },
    );
    return pending;
  };
}
