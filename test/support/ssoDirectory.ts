import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Creds } from './organizations.js';

/** An error answered by the directory extension: its code (x-amzn-ErrorType), status and message. */
export class DirectoryError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/**
 * A client of Gatehouse's `sso-directory` extension (no AWS SDK has one): awsJson 1.1 requests
 * with `X-Amz-Target: GatehouseSSODirectory.<Operation>`, SigV4-signed for `sso-directory`.
 */
export function directoryClient(endpoint: string, credentials: Creds) {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'sso-directory', sha256: Sha256 });
  return {
    async send<T = Record<string, unknown>>(operation: string, input: Record<string, unknown>): Promise<T> {
      const body = JSON.stringify(input);
      const signed = await signer.sign({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port !== '' ? { port: Number(url.port) } : {}),
        path: '/',
        headers: {
          host: url.host,
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `GatehouseSSODirectory.${operation}`,
        },
        body,
      });
      const res = await fetch(new URL('/', endpoint), { method: 'POST', headers: signed.headers as Record<string, string>, body });
      const text = await res.text();
      const parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      if (res.status !== 200) throw new DirectoryError(String(res.headers.get('x-amzn-errortype')), res.status, String(parsed['message'] ?? ''));
      return parsed as T;
    },
  };
}
