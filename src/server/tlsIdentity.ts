import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

/** A listener's TLS certificate and key, PEM. */
export interface TlsIdentity {
  readonly cert: string;
  readonly key: string;
  /** Where they were read from (or written to). */
  readonly certPath: string;
}

const DAY = 86_400_000;

/**
 * The server certificate of a TLS listener: the PEM files given, or `<name>.crt` and `<name>.key`
 * in the data directory, made on first start as a self-signed ECDSA P-256 certificate for
 * `localhost`, `127.0.0.1` and `::1`, valid a year (the key file mode 0600). Clients trust it by
 * its certificate file, or are given a certificate from the operator's own CA instead.
 */
export async function tlsIdentity(dataDir: string, name: string, given?: { cert: string; key: string }): Promise<TlsIdentity> {
  if (given !== undefined) return { cert: await readFile(given.cert, 'utf8'), key: await readFile(given.key, 'utf8'), certPath: given.cert };
  const certPath = join(dataDir, `${name}.crt`);
  const keyPath = join(dataDir, `${name}.key`);
  try {
    return { cert: await readFile(certPath, 'utf8'), key: await readFile(keyPath, 'utf8'), certPath };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  x509.cryptoProvider.set(webcrypto as never);
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=localhost, O=Gatehouse',
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 365 * DAY),
    keys: keys as never,
    signingAlgorithm: algorithm as never,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
      ]),
    ],
  });
  await mkdir(dataDir, { recursive: true });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
  const cert = certificate.toString('pem');
  await writeFile(keyPath, key, { mode: 0o600 });
  await chmod(keyPath, 0o600);
  await writeFile(certPath, `${cert}\n`);
  return { cert, key, certPath };
}
