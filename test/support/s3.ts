import { connect } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { S3Client } from '@aws-sdk/client-s3';
import type { Creds } from './organizations.js';

/** An S3 client for a Gatehouse endpoint: path style, us-east-1, no retries. */
export function s3Client(endpoint: string, credentials: Creds, options: { forcePathStyle?: boolean } = {}): S3Client {
  return new S3Client({ endpoint, region: 'us-east-1', credentials, forcePathStyle: options.forcePathStyle ?? true, maxAttempts: 1 });
}

/** The rejection of an S3 call: its error code, HTTP status and message. */
export async function s3Error(promise: Promise<unknown>): Promise<{ name: string; status: number; message: string; error: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode ?? 0, message: e.message, error: err as Record<string, unknown> };
  }
  throw new Error('expected the call to fail');
}

/** A raw HTTP request to Gatehouse, signed for S3 with SigV4 (headers), for what the SDK will not send. */
export async function signedS3Request(
  endpoint: string,
  credentials: Creds,
  request: { method: string; path: string; query?: Record<string, string>; headers?: Record<string, string>; body?: Buffer | string },
): Promise<{ headers: Record<string, string>; raw: string }> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  const headers: Record<string, string> = {
    host: url.host,
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    'content-length': String(body.length),
    ...request.headers,
  };
  const signed = await signer.sign({
    method: request.method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: request.path,
    query: request.query ?? {},
    headers,
    body,
  });
  const query = new URLSearchParams(request.query ?? {}).toString();
  const lines = [`${request.method} ${request.path}${query === '' ? '' : `?${query}`} HTTP/1.1`];
  for (const [name, value] of Object.entries(signed.headers)) lines.push(`${name}: ${value}`);
  return { headers: signed.headers as Record<string, string>, raw: `${lines.join('\r\n')}\r\n\r\n` };
}

/**
 * Sends raw bytes on a new connection, optionally half-closing it after them, and returns the
 * response text (status line, headers and body) once the server closes or `waitMs` passes.
 */
export async function rawExchange(endpoint: string, bytes: Buffer | string, options: { halfClose?: boolean; waitMs?: number } = {}): Promise<string> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port), allowHalfOpen: true });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), options.waitMs ?? 3000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.on('end', () => socket.end());
    socket.write(bytes, () => {
      if (options.halfClose === true) socket.end();
    });
  });
}

/** A presigned URL (SigV4 query string) for an S3 request, as any SDK's presigner makes it. */
export async function presignedUrl(
  endpoint: string,
  credentials: Creds,
  request: { method: string; path: string; query?: Record<string, string>; expiresIn?: number; signingDate?: Date; headers?: Record<string, string> },
): Promise<string> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  // As the S3 presigners do: the payload is UNSIGNED-PAYLOAD, neither signed as a header nor sent.
  const unsigned = new Set(['x-amz-content-sha256']);
  const signed = await signer.presign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: request.path,
      query: request.query ?? {},
      headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...request.headers },
    },
    {
      expiresIn: request.expiresIn ?? 900,
      unsignableHeaders: unsigned,
      unhoistableHeaders: unsigned,
      ...(request.signingDate !== undefined ? { signingDate: request.signingDate } : {}),
    },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${endpoint}${request.path}?${query}`;
}
