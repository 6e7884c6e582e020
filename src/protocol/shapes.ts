import type { ConstraintFile, ConstraintShape } from './constraintTypes.js';

/** Shape types of the AWS service models (`character`/`float` folded into `string`/`double`). */
export type ShapeType = 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'float' | 'double' | 'boolean' | 'timestamp' | 'blob';

/** HTTP binding of a structure member (rest protocols). */
export type MemberLocation = 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';

/**
 * One compiled shape: the model's shape merged with the member reference that points at it
 * (`locationName`, `location`, `flattened` …) and the validation constraints from botocore.
 */
export interface Shape {
  type: ShapeType;
  locationName?: string;
  queryName?: string;
  location?: MemberLocation;
  flattened?: boolean;
  xmlAttribute?: boolean;
  xmlNamespace?: { prefix?: string; uri: string };
  timestampFormat?: string;
  streaming?: boolean;
  sensitive?: boolean;
  jsonvalue?: boolean;
  /** A document shape (Smithy `document`): any JSON value, passed through as parsed. */
  document?: boolean;
  idempotencyToken?: boolean;
  resultWrapper?: string;
  /** Structure members in model order. */
  members?: Record<string, Shape>;
  memberNames?: string[];
  required?: ReadonlySet<string>;
  payload?: string;
  member?: Shape;
  key?: Shape;
  value?: Shape;
  min?: number;
  max?: number;
  pattern?: RegExp;
  patternSource?: string;
  enum?: readonly string[];
}

/** A raw shape or member reference from a `min.json` model. */
export type RawShape = Record<string, unknown> & { shape?: string; type?: string };

const COPIED = [
  'locationName',
  'queryName',
  'location',
  'flattened',
  'xmlAttribute',
  'xmlNamespace',
  'timestampFormat',
  'streaming',
  'sensitive',
  'jsonvalue',
  'document',
  'idempotencyToken',
  'resultWrapper',
  'payload',
] as const;

const patternCache = new Map<string, RegExp>();

/**
 * Translates a model (Java) regular expression to a JS one anchored to the whole value, as Java's
 * `Matcher.matches()` is. `(?s)` becomes the `s` flag; identity escapes JS rejects under `u` are dropped.
 */
export function compilePattern(source: string): RegExp {
  const hit = patternCache.get(source);
  if (hit) return hit;
  let body = source;
  let flags = 'u';
  if (body.startsWith('(?s)')) {
    body = body.slice(4);
    flags += 's';
  }
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${body})$`, flags);
  } catch {
    const cleaned = body.replace(/\\\\|\\([^A-Za-z0-9\\^$.|?*+()[\]{}/-])/g, (m: string, c?: string) => c ?? m);
    try {
      re = new RegExp(`^(?:${cleaned})$`, flags);
    } catch {
      re = new RegExp(`^(?:${cleaned})$`, flags.replace('u', ''));
    }
  }
  patternCache.set(source, re);
  return re;
}

/** Compiles raw `min.json` shapes into {@link Shape} trees, overlaying botocore constraints. */
export class ShapeCompiler {
  private readonly memo = new Map<object, Map<string, Shape>>();

  constructor(
    private readonly shapes: Record<string, RawShape>,
    private readonly constraints: ConstraintFile | undefined,
  ) {}

  /** The input constraint shape name for an operation, if botocore knows it. */
  inputConstraint(operation: string): string | undefined {
    return this.constraints?.ops[operation];
  }

  compile(ref: RawShape, constraintName?: string): Shape {
    let byName = this.memo.get(ref);
    if (!byName) {
      byName = new Map();
      this.memo.set(ref, byName);
    }
    const memoKey = constraintName ?? '';
    const known = byName.get(memoKey);
    if (known) return known;

    const target: RawShape = ref.shape ? { ...this.shapes[ref.shape], ...ref } : ref;
    const type = normalizeType(target.type);
    const shape: Shape = { type };
    byName.set(memoKey, shape);
    for (const k of COPIED) {
      if (target[k] !== undefined) (shape as unknown as Record<string, unknown>)[k] = target[k];
    }
    const c: ConstraintShape | undefined = constraintName ? this.constraints?.shapes[constraintName] : undefined;
    if (c) {
      if (c.min !== undefined) shape.min = c.min;
      if (c.max !== undefined) shape.max = c.max;
      if (c.pattern !== undefined && type === 'string') {
        shape.patternSource = c.pattern;
        shape.pattern = compilePattern(c.pattern);
      }
      if (c.enum !== undefined) shape.enum = c.enum;
    }
    if (type === 'structure') {
      const rawMembers = (target.members ?? {}) as Record<string, RawShape>;
      shape.members = {};
      shape.memberNames = Object.keys(rawMembers);
      for (const name of shape.memberNames) {
        shape.members[name] = this.compile(rawMembers[name] as RawShape, c?.m?.[name]);
      }
      shape.required = new Set((target.required as string[] | undefined) ?? []);
    } else if (type === 'list') {
      shape.member = this.compile((target.member ?? {}) as RawShape, c?.l);
    } else if (type === 'map') {
      shape.key = this.compile((target.key ?? {}) as RawShape, c?.k);
      shape.value = this.compile((target.value ?? {}) as RawShape, c?.v);
    }
    return shape;
  }
}

function normalizeType(type: string | undefined): ShapeType {
  switch (type) {
    case undefined:
    case 'character':
      return 'string';
    case 'float':
      return 'double';
    case 'structure':
    case 'list':
    case 'map':
    case 'string':
    case 'integer':
    case 'long':
    case 'double':
    case 'boolean':
    case 'timestamp':
    case 'blob':
      return type;
    default:
      return 'string';
  }
}
