import { ServiceError } from '../errors.js';
import { parseTimestamp, toDate } from './scalars.js';
import type { Shape } from './shapes.js';

const TYPE_NAMES: Record<string, string> = {
  string: 'a String',
  integer: 'an Integer',
  long: 'a Long',
  double: 'a Double',
  float: 'a Float',
  boolean: 'a Boolean',
  timestamp: 'a Timestamp',
  blob: 'a ByteBuffer',
};

function mismatch(shape: Shape, v: unknown): ServiceError {
  // AWS: Coral's JSON deserializer reports a wrong JSON token type as SerializationException.
  if (Array.isArray(v)) return new ServiceError('SerializationException', 'Start of list found where not expected');
  if (typeof v === 'object') return new ServiceError('SerializationException', 'Start of structure or map found where not expected.');
  const token = typeof v === 'string' ? 'STRING_VALUE' : typeof v === 'number' ? 'NUMBER_VALUE' : v ? 'TRUE_VALUE' : 'FALSE_VALUE';
  const target = shape.type === 'structure' || shape.type === 'map' ? 'a Structure' : shape.type === 'list' ? 'a List' : TYPE_NAMES[shape.type];
  return new ServiceError('SerializationException', `${token} can not be converted to ${target}`);
}

/**
 * Converts a parsed JSON value to the model's value conventions (Date, Buffer …), throwing a
 * `SerializationException` ServiceError on a JSON type that does not fit the shape. Body members
 * bound to HTTP locations are skipped when `skipLocated` is set (rest-json).
 */
export function fromJson(shape: Shape, v: unknown, skipLocated = false): unknown {
  if (shape.document === true) return v;
  switch (shape.type) {
    case 'structure': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw mismatch(shape, v);
      const src = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const name of shape.memberNames!) {
        const member = shape.members![name]!;
        if (skipLocated && member.location) continue;
        const raw = src[member.locationName ?? name];
        if (raw === undefined || raw === null) continue;
        out[name] = fromJson(member, raw);
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(v)) throw mismatch(shape, v);
      return v.map((item) => (item === null ? null : fromJson(shape.member!, item)));
    }
    case 'map': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw mismatch(shape, v);
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        if (item !== null) out[k] = fromJson(shape.value!, item);
      }
      return out;
    }
    case 'string':
      if (typeof v !== 'string') throw mismatch(shape, v);
      return v;
    case 'integer':
    case 'long':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw mismatch(shape, v);
      return v;
    case 'double':
    case 'float':
      if (typeof v === 'number') return v;
      if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
      throw mismatch(shape, v);
    case 'boolean':
      if (typeof v !== 'boolean') throw mismatch(shape, v);
      return v;
    case 'timestamp': {
      if (typeof v === 'number') {
        // Epoch seconds outside JavaScript's dates (±8.64e12 s) fit no timestamp.
        const date = new Date(v * 1000);
        if (Number.isNaN(date.getTime())) throw mismatch(shape, v);
        return date;
      }
      if (typeof v === 'string') {
        const d = parseTimestamp(v);
        if (d) return d;
      }
      throw mismatch(shape, v);
    }
    case 'blob':
      if (typeof v !== 'string') throw mismatch(shape, v);
      return Buffer.from(v, 'base64');
  }
}

/** Converts an output value to its JSON form: timestamps as epoch seconds, blobs as base64. */
export function toJson(shape: Shape, v: unknown, skipLocated = false): unknown {
  if (shape.document === true) return v;
  switch (shape.type) {
    case 'structure': {
      const src = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const name of shape.memberNames!) {
        const member = shape.members![name]!;
        if (skipLocated && member.location) continue;
        const item = src[name];
        if (item === undefined || item === null) continue;
        out[member.locationName ?? name] = toJson(member, item);
      }
      return out;
    }
    case 'list':
      return (v as unknown[]).map((item) => toJson(shape.member!, item));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) out[k] = toJson(shape.value!, item);
      return out;
    }
    case 'timestamp': {
      const d = toDate(v);
      if (shape.timestampFormat === 'iso8601') return d.toISOString();
      if (shape.timestampFormat === 'rfc822') return d.toUTCString();
      return d.getTime() / 1000;
    }
    case 'blob':
      return Buffer.isBuffer(v) ? v.toString('base64') : Buffer.from(String(v)).toString('base64');
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return typeof v === 'number' ? v : Number(v);
    case 'boolean':
      return v === true || v === 'true';
    default:
      return typeof v === 'string' ? v : String(v);
  }
}
