import { isIP } from 'node:net';
import { ServiceError } from '../../../errors.js';
import type { ContextRecord } from '../../../policy/index.js';

/**
 * The simulator's `ContextEntries` as a request context.
 *
 * AWS: API_ContextEntry — `ContextKeyType` is one of string, stringList, numeric, numericList,
 * boolean, booleanList, ip, ipList, binary, binaryList, date, dateList; a `…List` type makes the key
 * multivalued (for `ForAllValues:`/`ForAnyValue:`), the others are single-valued.
 */

/** One `ContextEntry` as the protocol layer decodes it. */
export interface ContextEntryInput {
  ContextKeyName?: string;
  ContextKeyValues?: string[];
  ContextKeyType?: string;
}

const CHECKS: Readonly<Record<string, (value: string) => boolean>> = {
  string: () => true,
  numeric: (v) => v.trim() !== '' && Number.isFinite(Number(v)),
  boolean: (v) => v.toLowerCase() === 'true' || v.toLowerCase() === 'false',
  ip: (v) => isIP(v.split('/')[0] ?? '') !== 0,
  binary: (v) => /^[A-Za-z0-9+/]*={0,2}$/.test(v),
  date: (v) => /^\d+$/.test(v) || !Number.isNaN(Date.parse(v)),
};

/** Validates the entries and turns them into a context; InvalidInput names the first bad entry. */
export function contextRecord(entries: readonly ContextEntryInput[] | undefined): ContextRecord {
  const record: Record<string, string | string[]> = {};
  for (const entry of entries ?? []) {
    const name = entry.ContextKeyName;
    const type = entry.ContextKeyType ?? 'string';
    const values = entry.ContextKeyValues ?? [];
    if (name === undefined) throw new ServiceError('InvalidInput', 'Each ContextEntry must have a ContextKeyName.');
    const list = type.endsWith('List');
    const check = CHECKS[list ? type.slice(0, -'List'.length) : type];
    if (check === undefined) throw new ServiceError('InvalidInput', `Invalid ContextKeyType ${type} for context key ${name}.`);
    const bad = values.find((v) => !check(v));
    if (bad !== undefined) throw new ServiceError('InvalidInput', `Invalid value ${bad} for context key ${name} of type ${type}.`);
    if (!list && values.length > 1) {
      throw new ServiceError('InvalidInput', `Context key ${name} of type ${type} takes one value; use ${type}List for several.`);
    }
    record[name] = list ? [...values] : (values[0] ?? '');
  }
  return record;
}
