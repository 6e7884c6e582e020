import { Readable } from 'node:stream';
import { ServiceError } from '../errors.js';
import type { ServiceModel } from './models.js';
import { readBoundMembers, routeRequest, unknownRoute, writeBoundMembers } from './restBindings.js';
import type { Shape } from './shapes.js';
import type { DecodedRequest, ServiceName, WireRequest, WireResponse } from './types.js';
import { validateShape, type Violation } from './validate.js';
import { validationError } from './validationError.js';
import { fromXml, parseXml, rootElement } from './xmlReader.js';
import { XmlWriter, escapeXml } from './xmlWriter.js';
import { S3_CONTROL_NAMESPACE, S3_NAMESPACE, s3RootElement } from './s3RootElements.js';
import { toPathStyle } from './s3VirtualHost.js';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

function malformedXml(): ServiceError {
  return new ServiceError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
}

function readXmlBody(shape: Shape, body: Buffer, violations: Violation[], skipLocated: boolean): Record<string, unknown> {
  const doc = parseXml(body.toString('utf8'));
  const root = doc && rootElement(doc);
  if (!root) throw malformedXml();
  return fromXml(shape, root[1], '', violations, skipLocated) as Record<string, unknown>;
}

/**
 * Decodes a restXml (S3) request (path style, or virtual-hosted under `*.s3[.region].amazonaws.com`
 * and `*.localhost`): the operation from method + path + query sub-resources, members
 * from URI labels, query string and headers, the `payload` member from the body (a streaming
 * blob as the raw Buffer, a structure from XML).
 */
export function decodeRestXml(service: ServiceName, model: ServiceModel, wire: WireRequest): DecodedRequest {
  const req = service === 's3' ? toPathStyle(wire) : wire;
  const parts = routeRequest(model, req);
  if (!parts) return { error: unknownRoute(service) };
  const operation = parts.match.route.operation;
  // AWS: S3 answers a URI whose percent-encoding is not UTF-8 (a key that is not text) with InvalidURI.
  if (parts.match.undecodable === true) return { operation, error: new ServiceError('InvalidURI', "Couldn't parse the specified URI.", { URI: req.rawPath }) };
  const shape = model.input(operation);
  const input: Record<string, unknown> = {};
  const violations: Violation[] = [];
  try {
    if (shape.payload) {
      const member = shape.members![shape.payload]!;
      if (member.type === 'blob') input[shape.payload] = member.streaming === true && req.stream !== undefined ? req.stream : req.body;
      else if (member.type === 'string') {
        if (req.body.length > 0) input[shape.payload] = req.body.toString('utf8');
      } else if (req.body.length > 0) {
        input[shape.payload] = readXmlBody(member, req.body, violations, false);
      }
    } else if (req.body.length > 0) {
      Object.assign(input, readXmlBody(shape, req.body, violations, true));
    }
  } catch (err) {
    if (err instanceof ServiceError) return { operation, error: err };
    throw err;
  }
  readBoundMembers(shape, req, parts, input, violations);
  validateShape(shape, input, '', violations);
  if (violations.length > 0) return { operation, input, error: validationError(service, violations) };
  if (req.form !== undefined) {
    // A browser POST upload: its form's fields, read before the request was authenticated.
    if (req.form.error !== undefined) return { operation, input, error: req.form.error };
    // The session token is a credential: it authenticates the upload and goes no further.
    input.Fields = Object.fromEntries([...req.form.fields].filter(([name]) => name !== 'x-amz-security-token'));
    if (req.form.fileName !== undefined) input.FileName = req.form.fileName;
    if (req.form.fileContentType !== undefined) input.FileContentType = req.form.fileContentType;
  }
  return { operation, input };
}

function s3Headers(requestId: string): Record<string, string> {
  return {
    'x-amz-request-id': requestId,
    'x-amz-id-2': Buffer.from(`gatehouse/${requestId}`).toString('base64'),
  };
}

function isoMillis(d: Date): string {
  return d.toISOString();
}

function hasBodyMembers(shape: Shape): boolean {
  return shape.memberNames!.some((n) => !shape.members![n]!.location);
}

function xmlDocument(name: string, shape: Shape, value: Record<string, unknown>, namespace: string | undefined): string {
  const w = new XmlWriter({ pretty: false, timestamp: isoMillis, skipLocated: true });
  const ns = shape.xmlNamespace?.uri ?? namespace;
  const attrs = w.attributes({ ...shape, xmlNamespace: undefined }, value);
  w.out = `${XML_DECLARATION}<${name}${ns ? ` xmlns="${escapeXml(ns)}"` : ''}${attrs}>`;
  w.members(shape, value, 1, true);
  w.out += `</${name}>`;
  return w.out;
}

/** Encodes a restXml response: header members, a raw or XML payload, S3's request-id headers. */
export function encodeRestXml(model: ServiceModel, operation: string, output: Record<string, unknown>, requestId: string): WireResponse {
  const shape = model.output(operation);
  const headers = s3Headers(requestId);
  const namespace = model.metadata.xmlNamespace ?? (model.name === 's3' ? S3_NAMESPACE : model.name === 's3control' ? S3_CONTROL_NAMESPACE : undefined);
  let body: string | Buffer | Readable = '';
  if (shape.payload) {
    const member = shape.members![shape.payload]!;
    const v = output[shape.payload];
    if (member.type === 'blob') {
      body = v === undefined || v === null ? '' : Buffer.isBuffer(v) ? v : typeof v === 'string' ? v : v instanceof Readable ? v : Buffer.from(v as Uint8Array);
      headers['Content-Type'] = 'binary/octet-stream';
    } else if (member.type === 'string') {
      body = v === undefined || v === null ? '' : String(v);
    } else if (v !== undefined && v !== null) {
      body = xmlDocument(member.locationName ?? shape.payload, member, v as Record<string, unknown>, namespace);
      headers['Content-Type'] = 'application/xml';
    }
  } else if (hasBodyMembers(shape)) {
    const root = s3RootElement(operation);
    const only = shape.memberNames!.filter((n) => !shape.members![n]!.location);
    const single = only.length === 1 && only[0] === root ? shape.members![root]! : undefined;
    if (single && single.type !== 'structure' && single.type !== 'list' && single.type !== 'map') {
      // AWS: GetBucketLocation's whole body is `<LocationConstraint xmlns=…>region</LocationConstraint>`.
      const v = output[root];
      body = `${XML_DECLARATION}<${root}${namespace ? ` xmlns="${escapeXml(namespace)}"` : ''}>${v === undefined || v === null ? '' : escapeXml(String(v))}</${root}>`;
    } else {
      body = xmlDocument(root, shape, output, namespace);
    }
    headers['Content-Type'] = 'application/xml';
  }
  let status = writeBoundMembers(shape, output, headers) ?? model.operations[operation]?.http?.responseCode ?? 200;
  // AWS: S3 answers a GetObject with a Range 206 Partial Content (the model has no status member for it).
  if (model.name === 's3' && operation === 'GetObject' && output.ContentRange !== undefined) status = 206;
  if (body instanceof Readable) return { status, headers, body };
  const length = Buffer.byteLength(body);
  if (length > 0 || headers['Content-Length'] === undefined) headers['Content-Length'] = String(length);
  return { status, headers, body };
}

/** Encodes an S3 error: `<Error><Code>…</Code><Message>…</Message>…<RequestId>…</RequestId><HostId>…</HostId></Error>`. */
export function encodeRestXmlError(error: ServiceError, requestId: string): WireResponse {
  const headers = s3Headers(requestId);
  let extra = '';
  for (const [k, v] of Object.entries(error.fields)) extra += `<${k}>${escapeXml(v)}</${k}>`;
  const body =
    `${XML_DECLARATION}<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>${extra}` +
    `<RequestId>${escapeXml(requestId)}</RequestId><HostId>${headers['x-amz-id-2']}</HostId></Error>`;
  headers['Content-Type'] = 'application/xml';
  headers['Content-Length'] = String(Buffer.byteLength(body));
  return { status: error.status, headers, body };
}
