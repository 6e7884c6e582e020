import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceError } from '../../src/errors.js';
import { identifyService } from '../../src/protocol/identify.js';
import { decodeRequest, encodeError, encodeResponse } from '../../src/protocol/protocol.js';
import type { WireResponse } from '../../src/protocol/index.js';
import type { ServiceName } from '../../src/protocol/types.js';

/** What a test handler sees: the decoded call. */
export interface TestCall {
  service: ServiceName;
  operation: string;
  input: Record<string, unknown>;
}

/** A handler for {@link startTestServer}: returns the output, or throws a ServiceError. */
export type TestHandler = (call: TestCall) => Record<string, unknown>;

/** A real HTTP server on 127.0.0.1 wired identify → decode → handler → encode, for SDK round trips. */
export interface TestServer {
  endpoint: string;
  calls: TestCall[];
  close(): Promise<void>;
}

const SIGNING = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//;

/** Starts the server; the SigV4 scope's service name is read but the signature is not checked. */
export async function startTestServer(handler: TestHandler): Promise<TestServer> {
  const calls: TestCall[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const wire = {
        method: req.method ?? 'GET',
        rawPath: q === -1 ? url : url.slice(0, q),
        rawQuery: q === -1 ? '' : url.slice(q + 1),
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const auth = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
      const service = identifyService(wire, SIGNING.exec(auth)?.[1]);
      const requestId = `req-${++n}`;
      let out: WireResponse;
      if (service === null) {
        out = encodeError(null, new ServiceError('UnknownOperationException', 'unknown service'), requestId);
      } else {
        const decoded = decodeRequest(service, wire);
        if (decoded.error) out = encodeError(service, decoded.error, requestId);
        else {
          const call = { service, operation: decoded.operation!, input: decoded.input! };
          calls.push(call);
          try {
            out = encodeResponse(service, call.operation, handler(call), requestId);
          } catch (err) {
            if (!(err instanceof ServiceError)) throw err;
            out = encodeError(service, err, requestId);
          }
        }
      }
      res.writeHead(out.status, out.headers);
      res.end(req.method === 'HEAD' ? undefined : out.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Fixed credentials and region for SDK clients in tests. */
export const TEST_CLIENT_CONFIG = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
};
