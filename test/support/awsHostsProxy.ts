import { writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { certificates } from './awsEndpointProxy.js';

/**
 * An HTTP proxy (`HTTPS_PROXY`) that makes AWS's own host names reach Gatehouse, for clients that
 * cannot be given an endpoint (the AWS CLI 2.9's `aws sso login` and its SSO credential provider
 * always call `oidc.<region>.amazonaws.com` and `portal.sso.<region>.amazonaws.com`). A CONNECT to
 * one of `hostnames` is answered by a TLS endpoint with a certificate from a CA made here (the
 * client trusts it through `AWS_CA_BUNDLE`), which forwards every request, Host header included,
 * to Gatehouse — as a TLS terminator in front of Gatehouse would. Plain proxied requests to those
 * hosts are forwarded too; any other host is refused, so nothing leaves the machine. Needs no root.
 */
export interface AwsHostsProxy {
  /** The proxy's URL, for HTTPS_PROXY and for Chromium's proxy setting. */
  readonly url: string;
  /** PEM file of the CA, for AWS_CA_BUNDLE. */
  readonly caFile: string;
  close(): Promise<void>;
}

export async function startAwsHostsProxy(endpoint: string, hostnames: readonly string[], caFile: string): Promise<AwsHostsProxy> {
  const target = new URL(endpoint);
  const allowed = new Set(hostnames.map((h) => h.toLowerCase()));
  const { caPem, certPem, keyPem } = await certificates([...hostnames]);
  await writeFile(caFile, caPem);

  const forward = (req: IncomingMessage, res: ServerResponse, path: string): void => {
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path, headers: req.headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };

  const tls = createHttpsServer({ key: keyPem, cert: certPem }, (req, res) => forward(req, res, req.url ?? '/'));
  const sockets = new Set<Socket>();
  const proxy = createHttpServer((req, res) => {
    // A plain proxied request names its absolute URL.
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      return void res.writeHead(400).end();
    }
    if (!allowed.has(url.hostname.toLowerCase())) return void res.writeHead(403).end(`not an AWS host mapped to Gatehouse: ${url.hostname}`);
    forward(req, res, `${url.pathname}${url.search}`);
  });
  proxy.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  proxy.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const host = (req.url ?? '').replace(/:\d+$/, '').toLowerCase();
    if (!allowed.has(host)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n', () => {
      if (head.length > 0) socket.unshift(head);
      tls.emit('connection', socket);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    caFile,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      tls.close();
    },
  };
}
