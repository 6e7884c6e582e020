import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { ServiceError } from '../../errors.js';
import { AwsChunkedDecoder, type ChunkSigningContext, chunkStringToSign, decodeAwsChunked, signaturesEqual, trailerStringToSign } from './chunked.js';
import { parseSigV4 } from './parse.js';
import { verifySigV4 } from './verify.js';
import { deriveSigningKey } from './signingKey.js';
import type { HttpRequestParts } from './types.js';

// AWS: S3 API Reference, "Signature Calculations for the Authorization Header: Transferring
// Payload in Multiple Chunks" and "Signature calculations for trailing headers": example
// credentials, time 20130524T000000Z, a 66560-byte object of 'a' in chunks of 65536 and 1024.
const DOC_KEY = 'AKIAIOSFODNN7EXAMPLE';
const DOC_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const DOC_DATE = '20130524T000000Z';
const DOC_NOW = new Date('2013-05-24T00:05:00Z');
const DOC_SCOPE = '20130524/us-east-1/s3/aws4_request';

function docContext(seedSignature: string): ChunkSigningContext {
  return { signingKey: deriveSigningKey(DOC_SECRET, '20130524', 'us-east-1', 's3'), amzDate: DOC_DATE, scope: DOC_SCOPE, seedSignature };
}

function docBody(signatures: [string, string, string], tail: string): Buffer {
  return Buffer.concat([
    Buffer.from(`10000;chunk-signature=${signatures[0]}\r\n`),
    Buffer.alloc(65536, 'a'),
    Buffer.from('\r\n'),
    Buffer.from(`400;chunk-signature=${signatures[1]}\r\n`),
    Buffer.alloc(1024, 'a'),
    Buffer.from('\r\n'),
    Buffer.from(`0;chunk-signature=${signatures[2]}\r\n${tail}`),
  ]);
}

const PAYLOAD_SIGS: [string, string, string] = [
  'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
  '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
  'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
];
const TRAILER_SIGS: [string, string, string] = [
  'b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2',
  '1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7',
  '2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992',
];
const TRAILER_TAIL = 'x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n';

function docRequest(body: Buffer): HttpRequestParts {
  return {
    method: 'PUT',
    rawPath: '/examplebucket/chunkObject.txt',
    rawQuery: '',
    body,
    headers: {
      host: 's3.amazonaws.com',
      'x-amz-date': DOC_DATE,
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      authorization: `AWS4-HMAC-SHA256 Credential=${DOC_KEY}/${DOC_SCOPE},SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9`,
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': '66560',
      'content-length': '66824',
    },
  };
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ServiceError) return err.code;
    throw err;
  }
  return 'accepted';
}

describe('aws-chunked: the AWS documentation examples', () => {
  it('the chunked PUT example verifies end to end (seed, then every chunk)', () => {
    const req = docRequest(docBody(PAYLOAD_SIGS, '\r\n'));
    assert.equal(req.body.length, 66824);
    const parsed = parseSigV4(req, DOC_NOW);
    assert.ok(parsed !== null);
    const { body } = verifySigV4(req, parsed, DOC_SECRET);
    assert.equal(body.length, 66560);
    assert.ok(body.every((b) => b === 0x61));
  });
  it('the trailing-header example verifies, with its trailer returned', () => {
    const ctx = docContext('106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e');
    const decoded = decodeAwsChunked(docBody(TRAILER_SIGS, TRAILER_TAIL), 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', ctx, 66560);
    assert.equal(decoded.body.length, 66560);
    assert.deepEqual(decoded.trailers, { 'x-amz-checksum-crc32c': 'sOO8/Q==' });
  });
  it('a chunk, its signature, the chain order or the trailer changed is refused', () => {
    const ctx = docContext('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9');
    const body = docBody(PAYLOAD_SIGS, '\r\n');
    const flipped = Buffer.from(body);
    flipped[100] = 0x62;
    assert.equal(
      code(() => decodeAwsChunked(flipped, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', ctx, 66560)),
      'SignatureDoesNotMatch',
    );
    const swapped = docBody([PAYLOAD_SIGS[1], PAYLOAD_SIGS[0], PAYLOAD_SIGS[2]], '\r\n');
    assert.equal(
      code(() => decodeAwsChunked(swapped, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', ctx, 66560)),
      'SignatureDoesNotMatch',
    );
    const trailerCtx = docContext('106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e');
    const badTrailer = docBody(TRAILER_SIGS, TRAILER_TAIL.replace('sOO8/Q==', 'AAAAAA=='));
    assert.equal(
      code(() => decodeAwsChunked(badTrailer, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', trailerCtx, 66560)),
      'SignatureDoesNotMatch',
    );
    const noTrailerSig = docBody(TRAILER_SIGS, 'x-amz-checksum-crc32c:sOO8/Q==\r\n\r\n');
    assert.equal(
      code(() => decodeAwsChunked(noTrailerSig, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', trailerCtx, 66560)),
      'SignatureDoesNotMatch',
    );
  });
  it('framing errors: truncation, bad sizes, wrong decoded length, small non-final chunks', () => {
    const ctx = docContext('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9');
    const body = docBody(PAYLOAD_SIGS, '\r\n');
    const mode = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
    assert.equal(
      code(() => decodeAwsChunked(body.subarray(0, 40000), mode, ctx, 66560)),
      'IncompleteBody',
    );
    assert.equal(
      code(() => decodeAwsChunked(body, mode, ctx, 66561)),
      'IncompleteBody',
    );
    assert.equal(
      code(() => decodeAwsChunked(Buffer.from('zz;chunk-signature=00\r\n'), mode, ctx, undefined)),
      'InvalidRequest',
    );
    assert.equal(
      code(() => decodeAwsChunked(Buffer.from('3\r\nabc\r\n0\r\n\r\n'), mode, ctx, undefined)),
      'InvalidRequest',
    );
    assert.equal(
      code(() => decodeAwsChunked(Buffer.concat([body, Buffer.from('junk')]), mode, ctx, 66560)),
      'InvalidRequest',
    );
    const small = signedChunks(ctx, [Buffer.alloc(100, 'x'), Buffer.alloc(100, 'y')]);
    assert.equal(
      code(() => decodeAwsChunked(small, mode, ctx, 200)),
      'InvalidChunkSizeError',
    );
  });
});

function hmacHex(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}

/** Encodes chunks with their chained signatures (the string to sign is ours, the key derivation independent). */
function signedChunks(ctx: ChunkSigningContext, chunks: Buffer[], trailers?: string): Buffer {
  const parts: Buffer[] = [];
  let previous = ctx.seedSignature;
  for (const chunk of [...chunks, Buffer.alloc(0)]) {
    previous = hmacHex(ctx.signingKey, chunkStringToSign(ctx, previous, chunk));
    parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${previous}\r\n`), chunk);
    if (chunk.length > 0) parts.push(Buffer.from('\r\n'));
  }
  if (trailers === undefined) parts.push(Buffer.from('\r\n'));
  else
    parts.push(
      Buffer.from(`${trailers.replace(/\n/g, '\r\n')}x-amz-trailer-signature:${hmacHex(ctx.signingKey, trailerStringToSign(ctx, previous, trailers))}\r\n\r\n`),
    );
  return Buffer.concat(parts);
}

describe('aws-chunked: requests signed by @smithy/signature-v4', () => {
  const now = new Date('2026-03-14T15:09:26Z');
  const signer = new SignatureV4({
    credentials: { accessKeyId: DOC_KEY, secretAccessKey: DOC_SECRET },
    region: 'eu-west-1',
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });

  async function signedRequest(mode: string, body: Buffer, decodedLength: number | undefined, trailer?: string): Promise<HttpRequestParts> {
    const headers: Record<string, string> = {
      host: 'bucket.s3.eu-west-1.amazonaws.com',
      'x-amz-content-sha256': mode,
      'content-encoding': 'aws-chunked',
      ...(decodedLength !== undefined ? { 'x-amz-decoded-content-length': String(decodedLength) } : {}),
      ...(trailer !== undefined ? { 'x-amz-trailer': trailer } : {}),
    };
    const signed = await signer.sign(
      { method: 'PUT', protocol: 'https:', hostname: headers.host!, path: '/key.txt', query: {}, headers, body },
      { signingDate: now },
    );
    const wire: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) wire[k.toLowerCase()] = String(v);
    return { method: 'PUT', rawPath: '/key.txt', rawQuery: '', headers: wire, body };
  }

  it('STREAMING-UNSIGNED-PAYLOAD-TRAILER (what the SDK sends by default) decodes with its trailer', async () => {
    const body = Buffer.from('5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
    const req = await signedRequest('STREAMING-UNSIGNED-PAYLOAD-TRAILER', body, 11, 'x-amz-checksum-crc32');
    const parsed = parseSigV4(req, now)!;
    const result = verifySigV4(req, parsed, DOC_SECRET);
    assert.equal(result.body.toString(), 'hello world');
    assert.deepEqual(result.trailers, { 'x-amz-checksum-crc32': 'DUoRhQ==' });
    const short = await signedRequest('STREAMING-UNSIGNED-PAYLOAD-TRAILER', body, 12, 'x-amz-checksum-crc32');
    assert.equal(
      code(() => verifySigV4(short, parseSigV4(short, now)!, DOC_SECRET)),
      'IncompleteBody',
    );
  });

  for (const mode of ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'] as const) {
    it(`${mode}: chunks chained from the SDK's seed signature verify`, async () => {
      const chunks = [Buffer.alloc(8192, 'q'), Buffer.alloc(10, 'r')];
      const trailers = mode.endsWith('TRAILER') ? 'x-amz-checksum-sha256:abc=\n' : undefined;
      const probe = await signedRequest(mode, Buffer.alloc(0), 8202, trailers === undefined ? undefined : 'x-amz-checksum-sha256');
      const parsed = parseSigV4(probe, now)!;
      const ctx: ChunkSigningContext = {
        signingKey: deriveSigningKey(DOC_SECRET, parsed.scopeDate, parsed.region, parsed.service),
        amzDate: parsed.amzDate!,
        scope: `${parsed.scopeDate}/eu-west-1/s3/aws4_request`,
        seedSignature: parsed.signature,
      };
      const req = { ...probe, body: signedChunks(ctx, chunks, trailers) };
      const result = verifySigV4(req, parsed, DOC_SECRET);
      assert.equal(result.body.length, 8202);
      if (trailers !== undefined) assert.deepEqual(result.trailers, { 'x-amz-checksum-sha256': 'abc=' });
      const tamperedChunk = Buffer.from(req.body);
      tamperedChunk[200] = 0x51;
      assert.equal(
        code(() => verifySigV4({ ...req, body: tamperedChunk }, parsed, DOC_SECRET)),
        'SignatureDoesNotMatch',
      );
      const unsized = await signedRequest(mode, req.body, undefined);
      assert.equal(
        code(() => verifySigV4(unsized, parseSigV4(unsized, now)!, DOC_SECRET)),
        'MissingContentLength',
      );
    });
  }
});

describe('signaturesEqual', () => {
  it('is true only for the same text: one character off anywhere, a different length or a look-alike character is false', () => {
    const signature = `${'a'.repeat(63)}f`;
    assert.equal(signaturesEqual(signature, `${signature}`), true);
    for (const at of [0, 31, 63]) assert.equal(signaturesEqual(signature, `${signature.slice(0, at)}b${signature.slice(at + 1)}`), false);
    assert.equal(signaturesEqual(signature, signature.slice(0, 63)), false);
    assert.equal(signaturesEqual(signature, `${signature}0`), false);
    assert.equal(signaturesEqual(signature, signature.toUpperCase()), false);
    // U+0166 and U+0066 ('f') share their low byte: a comparison of low bytes only would match.
    assert.equal(signaturesEqual(signature, `${'a'.repeat(63)}\u0166`), false);
    assert.equal(signaturesEqual('', ''), true);
  });
});

describe('aws-chunked: decoded as the body arrives', () => {
  const mode = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
  const pieces = (body: Buffer, size: number): Buffer[] => {
    const out: Buffer[] = [];
    for (let at = 0; at < body.length; at += size) out.push(body.subarray(at, at + size));
    return out;
  };
  const incremental = (body: Buffer, size: number, signatures: [string, string, string], tail: string, decodedLength = 66560): string => {
    const seed =
      signatures === TRAILER_SIGS
        ? '106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e'
        : '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
    const decoder = new AwsChunkedDecoder(signatures === TRAILER_SIGS ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER' : mode, docContext(seed), decodedLength);
    return code(() => {
      let length = 0;
      for (const piece of pieces(body, size)) for (const data of decoder.push(piece)) length += data.length;
      decoder.end();
      assert.equal(length, 66560);
      void tail;
    });
  };

  it('the documentation examples verify whatever the pieces they arrive in (1 byte, a CRLF split, 8 KiB + 1)', () => {
    for (const size of [1, 2, 3, 85, 8193, 65536, 70000]) {
      assert.equal(incremental(docBody(PAYLOAD_SIGS, '\r\n'), size, PAYLOAD_SIGS, '\r\n'), 'accepted', `pieces of ${size}`);
      assert.equal(incremental(docBody(TRAILER_SIGS, TRAILER_TAIL), size, TRAILER_SIGS, TRAILER_TAIL), 'accepted', `pieces of ${size}`);
    }
  });

  it('a changed byte, a cut body or a wrong decoded length fails in pieces as it does whole', () => {
    const flipped = docBody(PAYLOAD_SIGS, '\r\n');
    flipped[60000] = 0x62;
    assert.equal(incremental(flipped, 4096, PAYLOAD_SIGS, '\r\n'), 'SignatureDoesNotMatch');
    assert.equal(incremental(docBody(PAYLOAD_SIGS, '\r\n').subarray(0, 66000), 4096, PAYLOAD_SIGS, '\r\n'), 'IncompleteBody');
    assert.equal(incremental(docBody(PAYLOAD_SIGS, '\r\n'), 4096, PAYLOAD_SIGS, '\r\n', 66561), 'IncompleteBody');
  });

  it('no chunk data is held: each piece yields views of itself', () => {
    const body = docBody(PAYLOAD_SIGS, '\r\n');
    const decoder = new AwsChunkedDecoder(mode, docContext('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9'), 66560);
    for (const piece of pieces(body, 10000)) for (const data of decoder.push(piece)) assert.equal(data.buffer, piece.buffer);
    assert.deepEqual(decoder.end(), {});
  });
});
