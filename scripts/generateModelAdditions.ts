/**
 * Writes what the `aws-sdk` v2 `min.json` models (final release 2.1693.0) predate, from botocore's
 * current `service-2.json`, into src/protocol/modelAdditions/<service>.json: operations the v2
 * model lacks, and members its shapes lack, in the `min.json` form the protocol layer reads.
 * `src/protocol/models.ts` merges them when it loads the model.
 *
 * Run: `node --import tsx scripts/generateModelAdditions.ts <botocore>/data`
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { MemberAddition, ModelAdditions } from '../src/protocol/modelAdditionTypes.js';

type Json = Record<string, unknown>;
interface BotoRef extends Json {
  shape: string;
}
interface BotoShape extends Json {
  type: string;
  members?: Record<string, BotoRef>;
  member?: BotoRef;
  key?: BotoRef;
  value?: BotoRef;
}
interface BotoModel {
  metadata: Json;
  operations: Record<string, { http: Json; input?: BotoRef; output?: BotoRef; idempotent?: boolean; readonly?: boolean }>;
  shapes: Record<string, BotoShape>;
}

/** The services whose models are completed, by Gatehouse's service name: botocore's folder and the aws-sdk model. */
const SOURCES: Record<string, { botocore: string; sdk: string }> = {
  'access-analyzer': { botocore: 'accessanalyzer/2019-11-01', sdk: 'accessanalyzer-2019-11-01' },
};

/** Traits a `min.json` member reference keeps (the others are documentation or constraints). */
const REFERENCE_TRAITS = ['location', 'locationName', 'idempotencyToken', 'jsonvalue', 'timestampFormat', 'queryName', 'flattened'];
/** Traits a `min.json` shape keeps. */
const SHAPE_TRAITS = ['type', 'timestampFormat', 'union', 'sensitive', 'payload', 'required', 'flattened'];

/** Prefix of the names of shapes written from botocore, apart from the v2 model's own (`S33` …). */
const PREFIX = 'botocore:';

function loadBotocore(path: string): BotoModel {
  const gz = `${path}.gz`;
  return JSON.parse((existsSync(gz) ? gunzipSync(readFileSync(gz)) : readFileSync(path)).toString('utf8')) as BotoModel;
}

/** Converts botocore shapes to `min.json` form, naming each one it reaches with {@link PREFIX}. */
class Converter {
  readonly shapes: Record<string, Json> = {};

  constructor(private readonly model: BotoModel) {}

  /** A `min.json` member reference to botocore's `ref`. */
  reference(ref: BotoRef): Json {
    const out: Json = {};
    const target = this.model.shapes[ref.shape]!;
    if (['structure', 'list', 'map'].includes(target.type)) {
      this.visit(ref.shape);
      out['shape'] = PREFIX + ref.shape;
    } else {
      Object.assign(out, this.scalar(target));
    }
    for (const trait of REFERENCE_TRAITS) if (ref[trait] !== undefined) out[trait] = ref[trait];
    return out;
  }

  private scalar(shape: BotoShape): Json {
    const out: Json = {};
    for (const trait of SHAPE_TRAITS) if (shape[trait] !== undefined) out[trait] = shape[trait];
    if (out['type'] === 'string') delete out['type'];
    return out;
  }

  private visit(name: string): void {
    if (this.shapes[PREFIX + name] !== undefined) return;
    const shape = this.model.shapes[name]!;
    const out: Json = this.scalar(shape);
    this.shapes[PREFIX + name] = out;
    if (shape.type === 'structure') {
      out['members'] = Object.fromEntries(Object.entries(shape.members ?? {}).map(([k, ref]) => [k, this.reference(ref)]));
    } else if (shape.type === 'list') {
      out['member'] = this.reference(shape.member!);
    } else if (shape.type === 'map') {
      out['key'] = this.reference(shape.key!);
      out['value'] = this.reference(shape.value!);
    }
  }
}

/** The v2 model's shape at a reference: a named shape merged with the reference's own traits, or the inline shape. */
function resolve(min: { shapes: Record<string, Json> }, ref: Json | undefined): Json | undefined {
  if (ref === undefined) return undefined;
  const name = ref['shape'];
  return typeof name === 'string' ? { ...min.shapes[name], ...ref } : ref;
}

function additions(model: BotoModel, min: { operations: Record<string, Json>; shapes: Record<string, Json> }): ModelAdditions {
  const converter = new Converter(model);
  const operations: Record<string, Json> = {};
  const members: MemberAddition[] = [];
  const seen = new Set<string>();
  const walk = (operation: string, direction: 'input' | 'output', path: string[], v2: Json | undefined, boto: BotoRef): void => {
    const shape = model.shapes[boto.shape]!;
    if (v2 === undefined) return;
    if (shape.type === 'structure') {
      const have = (v2['members'] ?? {}) as Record<string, Json>;
      const missing: Record<string, Json> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (have[name] === undefined) missing[name] = converter.reference(ref);
        else walk(operation, direction, [...path, name], resolve(min, have[name]), ref);
      }
      // The same v2 shape reached twice (a shared named shape) needs its members once.
      const key = `${typeof v2['shape'] === 'string' ? v2['shape'] : `${operation}.${direction}.${path.join('.')}`}`;
      if (Object.keys(missing).length > 0 && !seen.has(key)) {
        seen.add(key);
        members.push({ operation, direction, path, members: missing });
      }
    } else if (shape.type === 'list') {
      walk(operation, direction, [...path, '[]'], resolve(min, v2['member'] as Json | undefined), shape.member!);
    } else if (shape.type === 'map') {
      walk(operation, direction, [...path, '{}'], resolve(min, v2['value'] as Json | undefined), shape.value!);
    }
  };
  for (const [name, op] of Object.entries(model.operations)) {
    const v2 = min.operations[name];
    if (v2 === undefined) {
      const out: Json = { http: op.http };
      if (op.input !== undefined) out['input'] = converter.reference(op.input);
      if (op.output !== undefined) out['output'] = converter.reference(op.output);
      if (op.idempotent === true) out['idempotent'] = true;
      operations[name] = out;
      continue;
    }
    if (op.input !== undefined) walk(name, 'input', [], resolve(min, v2['input'] as Json | undefined), op.input);
    if (op.output !== undefined) walk(name, 'output', [], resolve(min, v2['output'] as Json | undefined), op.output);
  }
  return { operations, shapes: converter.shapes, members };
}

const dataDir = process.argv[2];
if (dataDir) {
  const require = createRequire(import.meta.url);
  const here = join(dirname(fileURLToPath(import.meta.url)), '../src/protocol/modelAdditions');
  mkdirSync(here, { recursive: true });
  for (const [service, source] of Object.entries(SOURCES)) {
    const model = loadBotocore(join(dataDir, source.botocore, 'service-2.json'));
    const min = require(`aws-sdk/apis/${source.sdk}.min.json`) as { operations: Record<string, Json>; shapes: Record<string, Json> };
    writeFileSync(join(here, `${service}.json`), `${JSON.stringify(additions(model, min), null, 1)}\n`);
  }
}
