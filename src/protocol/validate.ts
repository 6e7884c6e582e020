import { echo } from './echo.js';
import type { Shape } from './shapes.js';

/** Why a value failed its model constraint; `reason` names the Organizations `InvalidInputException` reason. */
export type ViolationReason =
  | 'INPUT_REQUIRED'
  | 'MIN_LENGTH_EXCEEDED'
  | 'MAX_LENGTH_EXCEEDED'
  | 'INVALID_PATTERN'
  | 'INVALID_ENUM'
  | 'MIN_VALUE_EXCEEDED'
  | 'MAX_VALUE_EXCEEDED'
  | 'INVALID_TYPE';

/** One failed constraint, rendered in AWS's "Value … at '…' failed to satisfy constraint: …" form. */
export interface Violation {
  reason: ViolationReason;
  /** AWS's path: lower-camel member names, list elements as `tags.1.member.key`. */
  path: string;
  /** The whole sentence, e.g. `Value null at 'userName' failed to satisfy constraint: Member must not be null`. */
  text: string;
}

/** Lower-cases the first letter of a member name, as AWS's validation messages do. */
export function lowerCamel(name: string): string {
  return name.length > 0 ? name[0]!.toLowerCase() + name.slice(1) : name;
}

/** Renders a value as AWS's messages show it (Java `toString` of the decoded value), bounded and XML-safe (`echo`). */
export function renderValue(value: unknown, sensitive: boolean | undefined): string {
  if (value === null || value === undefined) return 'Value null';
  if (sensitive) return 'Value';
  if (typeof value === 'string') return `Value '${echo(value)}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return `Value '${String(value)}'`;
  if (value instanceof Date) return `Value '${value.toISOString()}'`;
  if (Buffer.isBuffer(value)) return `Value 'java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]'`;
  if (Array.isArray(value)) return `Value '${echo(`[${value.map((v) => (typeof v === 'object' ? '{…}' : String(v))).join(', ')}]`)}'`;
  return `Value '{…}'`;
}

function violation(reason: ViolationReason, path: string, value: unknown, shape: Shape, constraint: string): Violation {
  return {
    reason,
    path,
    text: `${renderValue(value, shape.sensitive)} at '${path}' failed to satisfy constraint: ${constraint}`,
  };
}

/** Records a type failure found while decoding (the decoder cannot produce a typed value). */
export function typeViolation(path: string, raw: unknown, shape: Shape, expected: string): Violation {
  return violation('INVALID_TYPE', path, raw, shape, `Member must be ${expected}`);
}

/**
 * Checks a decoded input against its shape: required members, length, range, enum and pattern.
 * Appends to `out` in model member order; returns `out`.
 */
export function validateShape(shape: Shape, value: unknown, path: string, out: Violation[]): Violation[] {
  // A document is any JSON value; the operation reads it.
  if (shape.document === true) return out;
  switch (shape.type) {
    case 'structure': {
      const obj = value as Record<string, unknown>;
      for (const name of shape.memberNames!) {
        const member = shape.members![name]!;
        const v = obj[name];
        const p = path ? `${path}.${lowerCamel(name)}` : lowerCamel(name);
        if (v === undefined || v === null) {
          if (shape.required!.has(name)) {
            out.push(violation('INPUT_REQUIRED', p, null, member, 'Member must not be null'));
          }
          continue;
        }
        validateShape(member, v, p, out);
      }
      return out;
    }
    case 'list': {
      const arr = value as unknown[];
      checkLength(shape, arr.length, value, path, out);
      const member = shape.member!;
      const scalar = member.type !== 'structure' && member.type !== 'list' && member.type !== 'map';
      let failed: Violation | undefined;
      for (let i = 0; i < arr.length; i++) {
        const v = arr[i];
        // A JSON list's null item: the model's lists are not sparse, so AWS refuses it as a missing member.
        if (v === undefined || v === null) out.push(violation('INPUT_REQUIRED', `${path}.${i + 1}.member`, null, member, 'Member must not be null'));
        else if (!scalar) validateShape(member, v, `${path}.${i + 1}.member`, out);
        else failed ??= validateShape(member, v, path, [])[0];
      }
      // AWS (Coral): scalar members that break their constraints make one violation naming the list,
      // listing every constraint of the member: "Value '[abc]' at 'thumbprintList' failed to satisfy
      // constraint: Member must satisfy constraint: [Member must have length less than or equal to
      // 40, Member must have length greater than or equal to 40]" (as ACM's and Lambda's answers read).
      if (failed !== undefined) {
        out.push(violation(failed.reason, path, arr, shape, `Member must satisfy constraint: [${memberConstraints(member).join(', ')}]`));
      }
      return out;
    }
    case 'map': {
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj);
      checkLength(shape, keys.length, value, path, out);
      for (const k of keys) {
        validateShape(shape.key!, k, `${path}.${echo(k)}.key`, out);
        const v = obj[k];
        if (v !== undefined && v !== null) validateShape(shape.value!, v, `${path}.${echo(k)}.member`, out);
      }
      return out;
    }
    case 'string': {
      const s = value as string;
      if (shape.min !== undefined || shape.max !== undefined) checkLength(shape, codePoints(s), s, path, out);
      if (shape.enum && !shape.enum.includes(s)) {
        out.push(violation('INVALID_ENUM', path, s, shape, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`));
      }
      if (shape.pattern && !shape.pattern.test(s)) {
        out.push(violation('INVALID_PATTERN', path, s, shape, `Member must satisfy regular expression pattern: ${shape.patternSource}`));
      }
      return out;
    }
    case 'blob':
      checkLength(shape, (value as Buffer).length, value, path, out);
      return out;
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      const n = value as number;
      if (shape.min !== undefined && n < shape.min) {
        out.push(violation('MIN_VALUE_EXCEEDED', path, n, shape, `Member must have value greater than or equal to ${shape.min}`));
      }
      if (shape.max !== undefined && n > shape.max) {
        out.push(violation('MAX_VALUE_EXCEEDED', path, n, shape, `Member must have value less than or equal to ${shape.max}`));
      }
      return out;
    }
    default:
      return out;
  }
}

/** Every constraint a scalar shape declares, worded and ordered as Coral lists them. */
function memberConstraints(shape: Shape): string[] {
  const numeric = shape.type === 'integer' || shape.type === 'long' || shape.type === 'double' || shape.type === 'float';
  const unit = numeric ? 'value' : 'length';
  const list: string[] = [];
  if (shape.max !== undefined) list.push(`Member must have ${unit} less than or equal to ${shape.max}`);
  if (shape.min !== undefined) list.push(`Member must have ${unit} greater than or equal to ${shape.min}`);
  if (shape.pattern !== undefined) list.push(`Member must satisfy regular expression pattern: ${shape.patternSource}`);
  if (shape.enum !== undefined) list.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  return list;
}

function checkLength(shape: Shape, length: number, value: unknown, path: string, out: Violation[]): void {
  if (shape.min !== undefined && length < shape.min) {
    out.push(violation('MIN_LENGTH_EXCEEDED', path, value, shape, `Member must have length greater than or equal to ${shape.min}`));
  }
  if (shape.max !== undefined && length > shape.max) {
    out.push(violation('MAX_LENGTH_EXCEEDED', path, value, shape, `Member must have length less than or equal to ${shape.max}`));
  }
}

function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}
