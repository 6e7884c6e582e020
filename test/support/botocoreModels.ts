import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { rawServiceModel, SERVICE_NAMES } from '../../src/protocol/index.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Teaches an older AWS CLI (Debian's 2.9, early 2023) operations its own service models lack, by
 * pointing AWS_DATA_PATH at botocore models written from the newer aws-sdk (v2) models Gatehouse is
 * driven by. botocore looks in AWS_DATA_PATH first, per file, so a written `service-2.json`
 * replaces the CLI's own while its paginators and examples stay.
 *
 * The aws-sdk `min.json` form differs from botocore's in three ways undone here: shapes may be
 * written inline where botocore wants every shape named (inline shapes get names from where they
 * sit: `CheckAccessNotGrantedRequestAccessMember`), a member's location traits sit on the inline
 * shape where botocore keeps them on the member reference, and a POST is implied by a missing
 * HTTP method.
 */

type Json = Record<string, unknown>;

/** Traits botocore reads from a member reference rather than from the shape. */
const REFERENCE_TRAITS = [
  'location',
  'locationName',
  'queryName',
  'xmlNamespace',
  'xmlAttribute',
  'idempotencyToken',
  'jsonvalue',
  'hostLabel',
  'eventpayload',
  'deprecated',
];

/** botocore's `service-2.json` for an aws-sdk (v2) `min.json` model. */
export function botocoreModel(min: Json): Json {
  const shapes: Record<string, Json> = {};
  const taken = new Set(Object.keys(min['shapes'] as Json));
  const unique = (hint: string): string => {
    let name = hint;
    for (let i = 2; taken.has(name); i++) name = `${hint}${i}`;
    taken.add(name);
    return name;
  };
  const upper = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

  const reference = (def: Json | undefined, hint: string): Json => {
    const d = def ?? {};
    const traits: Json = {};
    const rest: Json = {};
    for (const [k, v] of Object.entries(d)) (REFERENCE_TRAITS.includes(k) ? traits : rest)[k] = v;
    if (typeof rest['shape'] === 'string') return { shape: rest['shape'], ...traits };
    const name = unique(hint);
    shapes[name] = shape(rest, name);
    return { shape: name, ...traits };
  };

  const shape = (def: Json, name: string): Json => {
    const type = (def['type'] as string | undefined) ?? 'string';
    const out: Json = { ...def, type };
    delete out['members'];
    delete out['member'];
    delete out['key'];
    delete out['value'];
    if (type === 'structure') {
      const members = (def['members'] ?? {}) as Record<string, Json>;
      out['members'] = Object.fromEntries(Object.entries(members).map(([k, m]) => [k, reference(m, `${name}${upper(k)}`)]));
    } else if (type === 'list') {
      out['member'] = reference(def['member'] as Json | undefined, `${name}Member`);
    } else if (type === 'map') {
      out['key'] = reference(def['key'] as Json | undefined, `${name}Key`);
      out['value'] = reference(def['value'] as Json | undefined, `${name}Value`);
    }
    return out;
  };

  for (const [name, def] of Object.entries(min['shapes'] as Record<string, Json>)) shapes[name] = shape(def, name);
  const operations: Record<string, Json> = {};
  for (const [name, op] of Object.entries(min['operations'] as Record<string, Json>)) {
    const out: Json = { name, http: { method: 'POST', ...(op['http'] as Json | undefined) } };
    if (op['input'] !== undefined) out['input'] = { shape: reference(op['input'] as Json, `${name}Request`)['shape'] };
    if (op['output'] !== undefined) out['output'] = { shape: reference(op['output'] as Json, `${name}Response`)['shape'] };
    for (const k of Object.keys(op)) if (!['http', 'input', 'output', 'name'].includes(k)) out[k] = op[k];
    operations[name] = out;
  }
  return { version: '2.0', metadata: min['metadata'], operations, shapes };
}

/**
 * A directory for AWS_DATA_PATH holding botocore models of the named aws-sdk models (e.g.
 * `accessanalyzer-2019-11-01`); `remove` deletes it.
 */
export async function botocoreDataPath(uids: readonly string[]): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-botocore-'));
  for (const uid of uids) {
    const [, service, version] = /^(.*)-(\d{4}-\d{2}-\d{2})$/.exec(uid)!;
    // The model as Gatehouse serves it: the aws-sdk's, with the operations and members it predates.
    const served = SERVICE_NAMES.map(rawServiceModel).find((m) => (m.metadata as unknown as Json)['uid'] === uid);
    if (served === undefined) throw new Error(`Gatehouse serves no model ${uid}`);
    const min = served as unknown as Json;
    const target = join(dir, service!, version!);
    await mkdir(target, { recursive: true });
    await writeFile(join(target, 'service-2.json'), JSON.stringify(botocoreModel(min)));
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
