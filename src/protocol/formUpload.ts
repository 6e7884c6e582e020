import { PassThrough, type Readable } from 'node:stream';
import { ServiceError } from '../errors.js';
import { header } from './formParams.js';
import type { UploadForm, WireRequest } from './types.js';

/** AWS: the fields before the file in a browser POST are at most 20 KB (MaxPostPreDataLengthExceededError). */
export const MAX_FORM_FIELDS_BYTES = 20 * 1024;

/** The boundary of a `multipart/form-data` body, or undefined when the request is not one. */
export function formBoundary(req: Pick<WireRequest, 'headers'>): string | undefined {
  const type = header(req.headers, 'content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  return match?.[1] ?? match?.[2];
}

const malformedPost = (detail: string): ServiceError =>
  new ServiceError('MalformedPOSTRequest', `The body of your POST request is not well-formed multipart/form-data. ${detail}`.trim());

/**
 * Reads the fields of a browser-based POST upload (`multipart/form-data`) that come before its
 * `file` field, and hands on the file's bytes as a stream: the fields (names lower-cased, at most
 * 20 KB in all) are what authenticates the upload, the file is the object. The file must be the
 * last field. Never rejects: a form that cannot be read becomes `error`.
 * AWS: S3 API Reference, "Browser-Based Uploads Using POST" (POST Object): "The file or content
 * must be the last field in the form".
 */
export async function readUploadForm(stream: Readable, boundary: string): Promise<UploadForm> {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields = new Map<string, string>();
  let buffered: Buffer = Buffer.alloc(0);
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const more = async (): Promise<boolean> => {
    const next = await iterator.next();
    if (next.done === true) return false;
    buffered = buffered.length === 0 ? next.value : Buffer.concat([buffered, next.value]);
    if (buffered.length > MAX_FORM_FIELDS_BYTES + delimiter.length + 4096) {
      throw new ServiceError('MaxPostPreDataLengthExceededError', 'Your POST request fields preceeding the upload file was too large.', {
        MaxPostPreDataLength: String(MAX_FORM_FIELDS_BYTES),
      });
    }
    return true;
  };
  try {
    // The first delimiter.
    while (buffered.indexOf(delimiter) < 0) if (!(await more())) throw malformedPost('');
    buffered = buffered.subarray(buffered.indexOf(delimiter) + delimiter.length);
    for (;;) {
      while (buffered.indexOf('\r\n\r\n') < 0) if (!(await more())) throw malformedPost('');
      if (buffered.subarray(0, 2).toString() === '--') break;
      const headEnd = buffered.indexOf('\r\n\r\n');
      const head = buffered.subarray(0, headEnd).toString('utf8');
      buffered = buffered.subarray(headEnd + 4);
      const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(head)?.[1] ?? '';
      const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
      if (name === undefined) throw malformedPost('');
      if (name.toLowerCase() === 'file') {
        const fileName = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
        const contentType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim();
        return {
          fields,
          file: fileStream(buffered, iterator, Buffer.from(`\r\n--${boundary}`)),
          ...(fileName !== undefined ? { fileName } : {}),
          ...(contentType !== undefined ? { fileContentType: contentType } : {}),
        };
      }
      const end = Buffer.from(`\r\n--${boundary}`);
      while (buffered.indexOf(end) < 0) if (!(await more())) throw malformedPost('');
      const at = buffered.indexOf(end);
      fields.set(name.toLowerCase(), buffered.subarray(0, at).toString('utf8'));
      buffered = buffered.subarray(at + end.length);
    }
    throw new ServiceError('InvalidArgument', 'POST requires exactly one file upload per request.', { ArgumentName: 'file', ArgumentValue: '0' });
  } catch (err) {
    return { fields, error: err instanceof ServiceError ? err : malformedPost('') };
  }
}

/**
 * The file's bytes: everything up to the closing delimiter, handed on as it arrives (only the
 * delimiter's length is held back), ending with an error when the body ends before it.
 */
function fileStream(first: Buffer, rest: AsyncIterator<Buffer>, end: Buffer): Readable {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  void (async () => {
    let held: Buffer = first;
    try {
      for (;;) {
        const at = held.indexOf(end);
        if (at >= 0) {
          out.end(held.subarray(0, at));
          return;
        }
        const keep = Math.min(held.length, end.length - 1);
        if (held.length > keep && !out.write(held.subarray(0, held.length - keep))) await new Promise((resolve) => out.once('drain', resolve));
        held = held.subarray(held.length - keep);
        const next = await rest.next();
        if (next.done === true) throw new ServiceError('IncompleteBody', 'The request body terminated unexpectedly');
        held = Buffer.concat([held, next.value]);
      }
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  out.on('error', () => undefined);
  return out;
}
