/**
 * Extracts the input validation constraints (`min`, `max`, `pattern`, `enum`) that the `aws-sdk`
 * v2 `min.json` models strip, from botocore's full `service-2.json` models, into one small JSON
 * file per service in src/protocol/constraints/. Only shapes reachable from operation inputs are kept.
 *
 * Run: `node --import tsx scripts/generateConstraints.ts <botocore>/data [service …]` (every service, or the ones named)
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConstraintFile, ConstraintShape } from '../src/protocol/constraintTypes.js';

interface BotoShape {
  type: string;
  members?: Record<string, { shape: string }>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
}

const SOURCES: Record<string, string> = {
  iam: 'iam/2010-05-08',
  sts: 'sts/2011-06-15',
  organizations: 'organizations/2016-11-28',
  cloudtrail: 'cloudtrail/2013-11-01',
  'access-analyzer': 'accessanalyzer/2019-11-01',
  s3: 's3/2006-03-01',
  'sso-admin': 'sso-admin/2020-07-20',
  'sso-oidc': 'sso-oidc/2019-06-10',
  'sso-portal': 'sso/2019-06-10',
  identitystore: 'identitystore/2020-06-15',
  rolesanywhere: 'rolesanywhere/2018-05-10',
  iot: 'iot/2015-05-28',
};

function load(path: string): {
  operations: Record<string, { input?: { shape: string }; authtype?: string; auth?: string[] }>;
  shapes: Record<string, BotoShape>;
} {
  const gz = `${path}.gz`;
  const raw = existsSync(gz) ? gunzipSync(readFileSync(gz)) : readFileSync(path);
  return JSON.parse(raw.toString('utf8'));
}

function extract(model: ReturnType<typeof load>): ConstraintFile {
  const out: ConstraintFile = { ops: {}, unsigned: [], shapes: {} };
  const visit = (name: string): void => {
    if (out.shapes[name]) return;
    const s = model.shapes[name];
    if (!s) return;
    const c: ConstraintShape = {};
    out.shapes[name] = c;
    if (s.min !== undefined) c.min = s.min;
    if (s.max !== undefined) c.max = s.max;
    if (s.pattern !== undefined) c.pattern = s.pattern;
    if (s.enum !== undefined) c.enum = s.enum;
    if (s.type === 'structure' && s.members) {
      c.m = {};
      for (const [k, ref] of Object.entries(s.members)) c.m[k] = ref.shape;
      for (const ref of Object.values(s.members)) visit(ref.shape);
    } else if (s.type === 'list' && s.member) {
      c.l = s.member.shape;
      visit(s.member.shape);
    } else if (s.type === 'map' && s.key && s.value) {
      c.k = s.key.shape;
      c.v = s.value.shape;
      visit(s.key.shape);
      visit(s.value.shape);
    }
  };
  for (const [op, def] of Object.entries(model.operations)) {
    if (def.authtype === 'none' || def.auth?.includes('smithy.api#noAuth')) out.unsigned.push(op);
    if (!def.input) continue;
    out.ops[op] = def.input.shape;
    visit(def.input.shape);
  }
  for (const [name, c] of Object.entries(out.shapes)) {
    if (Object.keys(c).length === 0) delete out.shapes[name];
  }
  return out;
}

const dataDir = process.argv[2];
if (dataDir) {
  const here = join(dirname(fileURLToPath(import.meta.url)), '../src/protocol/constraints');
  const only = process.argv.slice(3);
  for (const [service, rel] of Object.entries(SOURCES)) {
    if (only.length > 0 && !only.includes(service)) continue;
    const file = extract(load(join(dataDir, rel, 'service-2.json')));
    writeFileSync(join(here, `${service}.json`), JSON.stringify(file));
  }
}
