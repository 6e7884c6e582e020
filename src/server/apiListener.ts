import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TLSSocket } from 'node:tls';
import { ServiceError } from '../errors.js';
import { encodeError, formBoundary, readUploadForm } from '../protocol/index.js';
import type { ServiceName, WireRequest, WireResponse } from '../protocol/index.js';
import { bodyLimitFor } from './bodyLimits.js';
import { handleApiRequest } from './pipeline.js';
import type { PipelineDeps } from './pipeline.js';
import type { ResetGate } from './resetGate.js';

/**
 * The HTTP entry of every AWS API request, straight on node:http: the body is collected (up to
 * its protocol's limit, `bodyLimits.ts`, and at most `bodyLimit` bytes), handed to the one
 * pipeline, and its response written back. The operational
 * endpoints under `/_gatehouse/` go through fastify instead; measured on loopback, fastify's
 * routing alone cost about two thirds of a bare server's throughput, which the API path cannot
 * afford (bench:http). In dev mode, `gate` keeps requests and `/_gatehouse/reset` apart.
 */
export function apiListener(deps: PipelineDeps, bodyLimit: number, gate?: ResetGate): (req: IncomingMessage, res: ServerResponse) => void {
  const send = responseBatcher((err) => deps.logger.error({ err }, 'response could not be written'));
  return (req, res) => {
    const { path, query } = requestTarget(req.url ?? '/');
    // The protocol's limit applies before the body is read: a declared length past it is refused
    // at once, a body that grows past it as soon as it does.
    const { service, limit, streams } = bodyLimitFor(req.method ?? 'GET', path, query, req.headers, bodyLimit);
    const conn = { sourceIp: clientIp(req), secure: 'encrypted' in req.socket };
    const run = (wire: WireRequest, answered: (response: WireResponse) => void): void => {
      // A mutual TLS connection's client certificate (the IoT credentials provider's listener).
      const certificate = peerCertificate(req);
      if (certificate !== undefined) wire.clientCertificate = certificate;
      (gate === undefined ? handleApiRequest(deps, wire, conn) : gate.run(() => handleApiRequest(deps, wire, conn))).then(answered, (err: unknown) => {
        // handleApiRequest never rejects; this is a broken invariant, answered as AWS would.
        deps.logger.error({ err }, 'request pipeline rejected');
        const failure = encodeError(
          null,
          new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.'),
          randomUUID(),
        );
        res.writeHead(failure.status, failure.headers);
        res.end(failure.body);
      });
    };
    if (streams) {
      // The body streams to the operation (an S3 upload): the pipeline authorizes from the head.
      streamed.add(req);
      req.on('error', () => undefined);
      const head: WireRequest = { method: req.method ?? 'GET', rawPath: path, rawQuery: query, headers: req.headers, body: EMPTY, stream: req };
      const boundary = formBoundary(head);
      // A browser POST upload authenticates with its form's fields: they are read first, the file streams on.
      const ready =
        boundary === undefined
          ? Promise.resolve(head)
          : readUploadForm(req, boundary).then((form): WireRequest => ({ ...head, form, stream: form.file ?? emptyStream() }));
      void ready.then((wire) =>
        run(wire, (response) => {
          if (!req.readableEnded) {
            // Answered before the body was read (refused): the rest is read and dropped for a
            // moment, then the connection closes rather than carrying an unknown amount more.
            response.headers['Connection'] = 'close';
            req.unpipe();
            req.resume();
            setTimeout(() => req.destroy(), LINGER_MS).unref();
          }
          send(res, response);
        }),
      );
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const declared = Number(req.headers['content-length']);
    const refuse = (): void => {
      refused = true;
      chunks.length = 0;
      tooLarge(res, service, limit);
      // The rest of the body is read and dropped for a moment before the connection closes: a
      // socket closed with unread data is reset, and a reset can discard the answer before
      // the client has read it.
      setTimeout(() => req.destroy(), LINGER_MS).unref();
    };
    if (declared > limit) refuse();
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refuse();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      const wire: WireRequest = {
        method: req.method ?? 'GET',
        rawPath: path,
        rawQuery: query,
        headers: req.headers,
        body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size),
      };
      run(wire, (response) => send(res, response));
    });
    req.on('error', () => res.destroy());
  };
}

const EMPTY = Buffer.alloc(0);

function emptyStream(): Readable {
  return Readable.from([]);
}

/** Requests whose body streams to the pipeline (their connection's early end is theirs to answer). */
const streamed = new WeakSet<IncomingMessage>();

/**
 * The path and query of a request target. RFC 9112 §3.2.2: a server accepts the absolute form
 * (`http://host/path?query`, which a client sends when told to use a proxy); Gatehouse reads it as
 * the origin form and keeps the Host header the client signed. So a client that prefixes its
 * endpoint's host (the AWS CLI's s3control: `<account>.localhost`) reaches Gatehouse through
 * `HTTP_PROXY` where that name does not resolve.
 */
function requestTarget(url: string): { path: string; query: string } {
  let target = url;
  if (!target.startsWith('/')) {
    const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
    if (scheme !== null) target = target.slice(scheme[0].length) || '/';
    if (!target.startsWith('/')) target = `/${target}`;
  }
  const q = target.indexOf('?');
  return q === -1 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q + 1) };
}

/**
 * Writes responses at the end of the event-loop turn that produced them, together: under load a
 * turn handles many requests (one per readable connection), and writing their responses in one
 * burst wakes the clients' side once rather than once per response. Each write to a loopback
 * socket whose reader sleeps costs the writer a wake-up, which on a virtual machine is an
 * inter-processor interrupt; bench:http measured about 20% more throughput this way. A request
 * served alone waits for nothing: its turn ends as soon as it is answered.
 */
export function responseBatcher(onWriteError: (err: unknown) => void): (res: ServerResponse, response: WireResponse) => void {
  let ready: [ServerResponse, WireResponse][] = [];
  const flush = (): void => {
    const batch = ready;
    ready = [];
    for (const [res, response] of batch) {
      // A response already answered (the body grew too large) or whose client went away is dropped,
      // with the stream it would have read (an object's open blob).
      if (res.headersSent || res.destroyed) {
        if (response.body instanceof Readable) response.body.destroy();
        continue;
      }
      try {
        res.writeHead(response.status, response.headers);
      } catch (err) {
        // A header Node refuses to write (a character HTTP cannot carry) is a broken invariant: the
        // services answer such input with an error. Thrown here it would end the process (this runs
        // outside any request's promise) and leave the rest of the batch unanswered.
        onWriteError(err);
        if (response.body instanceof Readable) response.body.destroy();
        const failure = encodeError(
          null,
          new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.'),
          randomUUID(),
        );
        res.writeHead(failure.status, failure.headers);
        res.end(failure.body);
        continue;
      }
      const body = response.body;
      if (body instanceof Readable) {
        // A stream that fails midway (its bytes gone) can only cut the connection: the status is sent.
        pipeline(body, res).catch(() => res.destroy());
      } else res.end(body);
    }
  };
  return (res, response) => {
    if (ready.push([res, response]) === 1) setImmediate(flush);
  };
}

/**
 * Answers a request node:http could not parse (a header section over its 16 KiB limit, broken
 * framing) in AWS's shape instead of the HTTP server's plain default, and closes the connection:
 * the rest of what arrived on it cannot be read as requests, so a client must not reuse it.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  // The client ended its side of the connection in the middle of a request's body (fewer bytes
  // than its Content-Length): the request in flight answers it (IncompleteBody) once its body
  // stream fails; the connection closes after that answer.
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
  if (err.code === 'HPE_INVALID_EOF_STATE' && inFlight !== undefined && streamed.has(inFlight.req) && !inFlight.headersSent && socket.writable) {
    inFlight.req.emit('error', Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    return;
  }
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const failure =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? new ServiceError('RequestHeaderSectionTooLarge', 'Your request header section exceeds the maximum allowed size.')
      : new ServiceError('InvalidRequest', 'The request could not be parsed as HTTP.');
  const response = encodeError(null, failure, randomUUID());
  const body = Buffer.from(response.body as string);
  const headers = { ...response.headers, 'Content-Length': String(body.length), Connection: 'close' };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}\r\n${head}\r\n`), body]));
}

/** How long the rest of a refused body is read and dropped before its connection is closed. */
const LINGER_MS = 2000;

function tooLarge(res: ServerResponse, service: ServiceName | null, limit: number): void {
  if (res.headersSent) return;
  const failure = encodeError(service, new ServiceError('RequestEntityTooLarge', `Request body is larger than ${limit} bytes.`), randomUUID());
  res.writeHead(failure.status, { ...failure.headers, connection: 'close' });
  res.end(failure.body);
}

/** The client certificate of a mutual TLS connection (DER), when the client presented one. */
function peerCertificate(req: IncomingMessage): Uint8Array | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  // Node answers null once the connection is gone, and `{}` when the client presented no certificate.
  const raw = (socket.getPeerCertificate() as { raw?: Buffer } | null)?.raw;
  return raw === undefined || raw.length === 0 ? undefined : raw;
}

/** The caller's address as AWS reports it: IPv4 without the IPv4-mapped IPv6 prefix. */
function clientIp(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
