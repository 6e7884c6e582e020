import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CHECKS } from './checks/catalog.js';
import { IAM_TECHNIQUES, PASSROLE_TECHNIQUES } from './escalation/techniques.js';

const DOC = readFileSync(new URL('../../../docs/posture.md', import.meta.url), 'utf8');

describe('the catalogue of checks and techniques', () => {
  it('has unique ids, each with a severity and a source', () => {
    const ids = CHECKS.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const check of CHECKS) assert.ok(check.sources.length > 0, check.id);
  });

  it('covers the 22 IAM paths of pathfinding.cloud, each linked to its page', () => {
    const iam = Object.values(IAM_TECHNIQUES).filter((t) => /^(iam|sts)-\d{3}$/.test(t.id));
    assert.equal(iam.length, 22);
    for (const t of [...iam, ...PASSROLE_TECHNIQUES]) assert.equal(t.link, `https://pathfinding.cloud/paths/${t.id}`);
  });

  it('is listed in docs/posture.md, check by check and technique by technique', () => {
    for (const id of [...CHECKS.map((c) => c.id), ...Object.values(IAM_TECHNIQUES).map((t) => t.id), ...PASSROLE_TECHNIQUES.map((t) => t.id)]) {
      assert.ok(DOC.includes(`\`${id}\``) || DOC.includes(`${id}`), `${id} is documented`);
    }
    for (const check of CHECKS) assert.ok(DOC.includes(`| \`${check.id}\` | ${check.severity} |`), `${check.id}'s row names its severity`);
  });
});
