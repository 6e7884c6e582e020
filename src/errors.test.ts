import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CATALOGUE, ServiceError } from './errors.js';

/** Rows of the table in docs/errors.md: `| Code | status | fault | meaning |`. */
function documented(): Map<string, { status: number; fault: string }> {
  const text = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
  const rows = new Map<string, { status: number; fault: string }>();
  for (const line of text.split('\n')) {
    const m = /^\|\s*`(\w+)`\s*\|\s*(\d{3})\s*\|\s*(Sender|Receiver)\s*\|/.exec(line);
    if (m) rows.set(m[1]!, { status: Number(m[2]), fault: m[3]! });
  }
  return rows;
}

it('every catalogued error code is documented in docs/errors.md with its status and fault', () => {
  const docs = documented();
  for (const [code, spec] of Object.entries(ERROR_CATALOGUE)) {
    assert.deepEqual(docs.get(code), { status: spec.status, fault: spec.fault }, `docs/errors.md row for ${code}`);
  }
});

it('docs/errors.md documents no code the catalogue lacks', () => {
  for (const code of documented().keys()) assert.ok(code in ERROR_CATALOGUE, `${code} is documented but not in src/errors.ts`);
});

it('a ServiceError carries its catalogue status and fault', () => {
  const err = new ServiceError('NoSuchEntity', 'The user with name bob cannot be found.');
  assert.equal(err.status, 404);
  assert.equal(err.fault, 'Sender');
  assert.equal(err.code, 'NoSuchEntity');
});
