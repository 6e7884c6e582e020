import { createRequire } from 'node:module';
import { ExportError, member } from './exportError.js';

/**
 * The output shapes of the AWS operations whose exports Gatehouse reads, from the official service
 * models (the `aws-sdk` package's `apis/*.min.json`, as the protocol layer uses them), so that a
 * file is checked member by member against what AWS returns: an unknown member, a string where a
 * list belongs, a date that is not a date are each named by their JSON path.
 *
 * What the AWS CLI prints differs from the wire in two documented ways, both accepted: policy
 * documents (`*Document` members) are decoded into JSON objects, and timestamps are ISO 8601 text
 * (or epoch seconds with `cli_timestamp_format = none`).
 */

/** A shape of a service model as the minified model files hold it. */
interface RawShape {
  readonly shape?: string;
  readonly type?: string;
  readonly members?: Readonly<Record<string, RawShape>>;
  readonly member?: RawShape;
  readonly key?: RawShape;
  readonly value?: RawShape;
}

interface RawModel {
  readonly operations: Readonly<Record<string, { readonly output?: RawShape }>>;
  readonly shapes: Readonly<Record<string, RawShape>>;
}

/** The services and model files whose outputs are read. */
const MODEL_FILES = {
  iam: 'iam-2010-05-08',
  organizations: 'organizations-2016-11-28',
  cloudtrail: 'cloudtrail-2013-11-01',
  accessanalyzer: 'accessanalyzer-2019-11-01',
  s3: 's3-2006-03-01',
} as const;

export type ExportService = keyof typeof MODEL_FILES;

/**
 * Members AWS returns that the final `aws-sdk` v2 models predate (the same additions the protocol
 * layer makes): by service, the member name of a structure that holds them → the members added.
 * AWS: botocore's current models — Organizations `Account.State` (current CLIs print it).
 */
const ADDITIONS: Readonly<Partial<Record<ExportService, Readonly<Record<string, Readonly<Record<string, RawShape>>>>>>> = {
  organizations: { Accounts: { State: {} }, Account: { State: {} } },
};

const require = createRequire(import.meta.url);
const models = new Map<ExportService, RawModel>();

function model(service: ExportService): RawModel {
  let loaded = models.get(service);
  if (loaded === undefined) {
    loaded = require(`aws-sdk/apis/${MODEL_FILES[service]}.min.json`) as RawModel;
    models.set(service, loaded);
  }
  return loaded;
}

/**
 * Checks `value` (a parsed file) against the output of `service`'s `operation`, throwing an
 * {@link ExportError} at the first member that does not fit. `extra` names top-level members the
 * file may carry besides the output (the identifying parameter of a per-parent listing).
 */
export function checkOutputShape(file: string, service: ExportService, operation: string, value: unknown, extra: readonly string[] = []): void {
  const output = model(service).operations[operation]?.output;
  // INVARIANT: every operation named by the recogniser exists in its model.
  if (output === undefined) throw new Error(`no output shape for ${service}:${operation}`);
  check(file, service, output, value, [], undefined, new Set(extra));
}

function resolve(service: ExportService, shape: RawShape): RawShape {
  let current = shape;
  while (current.shape !== undefined) {
    const named = model(service).shapes[current.shape];
    if (named === undefined) throw new Error(`model ${service} has no shape ${current.shape}`);
    current = named;
  }
  return current;
}

const DOCUMENT_MEMBER = /Document$/;
const NO_EXTRA: ReadonlySet<string> = new Set();

/**
 * The JSON path of a value, kept as a list of steps and made into text only for an error: a
 * large export has millions of values.
 */
type Steps = (string | number)[];

function pathOf(steps: Steps): string {
  return steps.reduce<string>((path, step) => member(path, step), '$');
}

function check(file: string, service: ExportService, raw: RawShape, value: unknown, steps: Steps, name: string | undefined, extra: ReadonlySet<string>): void {
  const shape = resolve(service, raw);
  const fail = (expected: string) => new ExportError(file, pathOf(steps), expected);
  switch (shape.type ?? 'string') {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('an object');
      const added = name !== undefined ? ADDITIONS[service]?.[name] : undefined;
      const members = added === undefined ? (shape.members ?? {}) : { ...shape.members, ...added };
      for (const key in value as Record<string, unknown>) {
        const child = (value as Record<string, unknown>)[key];
        const memberShape = members[key];
        if (memberShape === undefined) {
          if (extra.has(key)) continue;
          steps.push(key);
          throw fail(`one of the members AWS returns here (${Object.keys(members).join(', ')}), not \`${key}\``);
        }
        if (child === null) continue;
        steps.push(key);
        check(file, service, memberShape, child, steps, key, NO_EXTRA);
        steps.pop();
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) throw fail('a list');
      const item = shape.member ?? {};
      for (let i = 0; i < value.length; i++) {
        steps.push(i);
        check(file, service, item, value[i], steps, name, NO_EXTRA);
        steps.pop();
      }
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('an object (a map)');
      for (const key in value as Record<string, unknown>) {
        steps.push(key);
        check(file, service, shape.value ?? {}, (value as Record<string, unknown>)[key], steps, undefined, NO_EXTRA);
        steps.pop();
      }
      return;
    }
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw fail('an integer');
      return;
    case 'double':
    case 'float':
      if (typeof value !== 'number') throw fail('a number');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw fail('true or false');
      return;
    case 'timestamp':
      if (!(typeof value === 'number' && Number.isFinite(value)) && !(typeof value === 'string' && !Number.isNaN(Date.parse(value)))) {
        throw fail('a date (ISO 8601 text or epoch seconds)');
      }
      return;
    default:
      // The AWS CLI prints policy documents decoded into objects.
      if (typeof value === 'string') return;
      if (name !== undefined && DOCUMENT_MEMBER.test(name) && typeof value === 'object' && value !== null && !Array.isArray(value)) return;
      throw fail('a string');
  }
}

/** A timestamp as exports hold it (ISO text or epoch seconds), as ISO 8601 UTC with milliseconds. */
export function isoTime(value: string | number): string {
  return new Date(typeof value === 'number' ? value * 1000 : value).toISOString();
}
