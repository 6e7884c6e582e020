import type { Shape } from './shapes.js';
import { typeViolation, type Violation } from './validate.js';

const INTEGER = /^[-+]?\d+$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const EPOCH = /^-?\d+(\.\d+)?$/;

/** Parses a timestamp written as ISO 8601, RFC 7231 (HTTP date) or epoch seconds. */
export function parseTimestamp(raw: string): Date | undefined {
  const text = raw.trim();
  const ms = EPOCH.test(text) ? Number(text) * 1000 : Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * Converts a string from the wire (query parameter, header, URI label, XML text) to the scalar type
 * of `shape`. On a type failure, pushes a violation and returns `undefined`.
 */
export function parseScalar(shape: Shape, raw: string, path: string, violations: Violation[]): unknown {
  switch (shape.type) {
    case 'string':
      return raw;
    case 'integer':
    case 'long':
      if (INTEGER.test(raw.trim())) return Number(raw);
      violations.push(typeViolation(path, raw, shape, 'a number'));
      return undefined;
    case 'double':
    case 'float':
      if (NUMBER.test(raw.trim())) return Number(raw);
      if (raw === 'NaN' || raw === 'Infinity' || raw === '-Infinity') return Number(raw);
      violations.push(typeViolation(path, raw, shape, 'a number'));
      return undefined;
    case 'boolean': {
      const lower = raw.trim().toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      violations.push(typeViolation(path, raw, shape, 'a boolean'));
      return undefined;
    }
    case 'timestamp': {
      const date = parseTimestamp(raw);
      if (date) return date;
      violations.push(typeViolation(path, raw, shape, 'a timestamp'));
      return undefined;
    }
    case 'blob':
      return Buffer.from(raw, 'base64');
    default:
      return raw;
  }
}

/** Coerces an output value to a Date (handlers may pass Date, ISO string or epoch milliseconds). */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  return new Date(String(value));
}

/** The text form of an output scalar in XML and headers. `timestamp` picks the timestamp format. */
export function scalarText(shape: Shape, value: unknown, timestamp: (d: Date) => string): string {
  switch (shape.type) {
    case 'timestamp': {
      if (shape.timestampFormat === 'unixTimestamp') return String(toDate(value).getTime() / 1000);
      if (shape.timestampFormat === 'rfc822') return toDate(value).toUTCString();
      return timestamp(toDate(value));
    }
    case 'blob':
      return Buffer.isBuffer(value) ? value.toString('base64') : Buffer.from(String(value)).toString('base64');
    case 'boolean':
      return value === true || value === 'true' ? 'true' : 'false';
    default:
      return String(value);
  }
}
