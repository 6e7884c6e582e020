import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import { request } from 'node:http';
import * as x509 from '@peculiar/x509';

/**
 * Makes AWS's own STS endpoints reach Gatehouse, for AWS CLI features that ignore
 * `--endpoint-url` in the CLI version Debian ships (2.9: the assume-role credential provider of a
 * `role_arn` profile always calls `https://sts.<region>.amazonaws.com`). The hosts file maps those
 * names to 127.0.0.1, and an HTTPS server on 127.0.0.1:443 with a certificate from a CA made here
 * (trusted by the CLI through AWS_CA_BUNDLE) forwards every request, Host header included, to
 * Gatehouse. Nothing leaves the machine. Needs root (port 443 and /etc/hosts).
 */
export interface EndpointProxy {
  /** PEM file of the CA to give the CLI as AWS_CA_BUNDLE. */
  readonly caFile: string;
  close(): Promise<void>;
}

const HOSTS = '/etc/hosts';
const MARK = '# gatehouse-test-endpoint-proxy';

export const ENDPOINT_PROXY_SKIP: string | false = process.getuid?.() === 0 ? false : 'mapping AWS endpoints to Gatehouse needs root (port 443 and /etc/hosts)';
if (ENDPOINT_PROXY_SKIP && process.env['CI']) throw new Error(ENDPOINT_PROXY_SKIP);

export async function certificates(hostnames: string[]): Promise<{ caPem: string; certPem: string; keyPem: string }> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  type Keys = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];
  const caKeys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as unknown as Keys;
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 86_400_000);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Gatehouse test CA',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: algorithm,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  const leafKeys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as unknown as Keys;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: `CN=${hostnames[0]}`,
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: algorithm,
    extensions: [new x509.SubjectAlternativeNameExtension(hostnames.map((value) => ({ type: 'dns' as const, value })))],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey as unknown as webcrypto.CryptoKey);
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
  return { caPem: ca.toString('pem'), certPem: leaf.toString('pem'), keyPem };
}

/** Maps `hostnames` to Gatehouse at `endpoint` until closed. */
export async function startEndpointProxy(endpoint: string, hostnames: string[], caFile: string): Promise<EndpointProxy> {
  const target = new URL(endpoint);
  const { caPem, certPem, keyPem } = await certificates(hostnames);
  await writeFile(caFile, caPem);
  const server: Server = createServer({ key: keyPem, cert: certPem }, (req, res) => {
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  // Port 443 is one per machine: suites that map AWS endpoints take turns (the hosts lines are
  // written after listening and removed before closing, so turns never overlap).
  for (let attempt = 0; ; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(443, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 600) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const original = await readFile(HOSTS, 'utf8');
  await writeFile(HOSTS, original.replace(new RegExp(`.*${MARK}\\n`, 'g'), '') + hostnames.map((h) => `127.0.0.1 ${h} ${MARK}\n`).join(''));
  return {
    caFile,
    async close() {
      const now = await readFile(HOSTS, 'utf8');
      await writeFile(HOSTS, now.replace(new RegExp(`.*${MARK}\\n`, 'g'), ''));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
