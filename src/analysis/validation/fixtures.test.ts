import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { ISSUES } from './issues.js';
import type { Location, PathElement, ValidateOptions, ValidatePolicyResourceType, ValidatePolicyType } from './types.js';
import { validatePolicy } from './validatePolicy.js';

/**
 * Walks test/fixtures/access-analyzer-checks: each case is one check of the policy check
 * reference, built from the reference's description of it, naming its anchor as `source`. A case
 * passes when every expected finding is present (code, type, and the first location's path and
 * source text) and no `absent` code is. Prints how many checks are implemented.
 */

const ROOT = new URL('../../../test/fixtures/access-analyzer-checks/', import.meta.url);
/** Fewer implemented checks than this fails the suite. */
const MINIMUM_CHECKS = 140;

interface Expectation {
  issueCode: string;
  findingType: string;
  path?: PathElement[];
  text?: string;
}

interface FixtureCase {
  /** The check the case is for; absent in no-findings.json, whose policies must validate clean. */
  check?: string;
  name?: string;
  source: string;
  note?: string;
  policyType: ValidatePolicyType;
  resourceType?: ValidatePolicyResourceType;
  policy?: unknown;
  document?: string;
  expect: Expectation[];
  absent?: string[];
}

/** The document of a case: `document` as written, or `policy` as the AWS console prints JSON (2 spaces). */
export function caseDocument(c: FixtureCase): string {
  return c.document ?? JSON.stringify(c.policy, null, 2);
}

const files = readdirSync(ROOT)
  .filter((f) => f.endsWith('.json'))
  .sort();
const implemented = new Set<string>();

describe('policy check reference fixtures', () => {
  for (const file of files) {
    const { cases } = JSON.parse(readFileSync(new URL(file, ROOT), 'utf8')) as { cases: FixtureCase[] };
    describe(file, () => {
      for (const c of cases) {
        if (c.check === undefined) {
          it(`no findings: ${c.name ?? c.source}`, () => {
            const findings = validatePolicy(caseDocument(c), optionsOf(c));
            assert.deepEqual(
              findings.map((f) => `${f.issueCode} ${JSON.stringify(f.locations[0]?.path)}`),
              [],
            );
          });
          continue;
        }
        const check = c.check;
        it(`${check}${c.note === undefined ? '' : ` (${c.note})`}`, () => {
          const spec = ISSUES.get(check);
          assert.ok(spec, `${check} is a check of the reference`);
          assert.ok(spec.learnMoreLink.endsWith(`#${c.source}`), `source ${c.source} is the check's anchor`);
          const text = caseDocument(c);
          const findings = validatePolicy(text, optionsOf(c));
          const shown = findings.map((f) => `${f.issueCode} ${JSON.stringify(f.locations[0]?.path)}`).join('\n');
          for (const e of c.expect) {
            const hit = findings.find(
              (f) =>
                f.issueCode === e.issueCode &&
                (e.path === undefined || JSON.stringify(f.locations[0]?.path) === JSON.stringify(e.path)) &&
                (e.text === undefined || sourceText(text, f.locations[0]) === e.text),
            );
            assert.ok(hit, `expected ${e.issueCode} at ${JSON.stringify(e.path)} \`${e.text ?? ''}\`; got:\n${shown}`);
            assert.equal(hit.findingType, e.findingType);
            assert.equal(hit.learnMoreLink, ISSUES.get(e.issueCode)!.learnMoreLink);
            assert.ok(!hit.findingDetails.includes('{{'), 'every placeholder is filled');
          }
          for (const code of c.absent ?? []) assert.ok(!findings.some((f) => f.issueCode === code), `${code} must not be reported; got:\n${shown}`);
          if (c.expect.some((e) => e.issueCode === check)) implemented.add(check);
        });
      }
    });
  }
  after(() => {
    const missing = [...ISSUES.keys()].filter((code) => !implemented.has(code)).sort();
    console.log(`implemented checks: ${implemented.size} of ${ISSUES.size}`);
    if (missing.length > 0) console.log(`without a passing fixture: ${missing.join(', ')}`);
    assert.ok(implemented.size >= MINIMUM_CHECKS, `at least ${MINIMUM_CHECKS} checks implemented, found ${implemented.size}`);
  });
});

function optionsOf(c: FixtureCase): ValidateOptions {
  return c.resourceType === undefined ? { policyType: c.policyType } : { policyType: c.policyType, resourceType: c.resourceType };
}

function sourceText(text: string, location: Location | undefined): string | undefined {
  return location === undefined ? undefined : text.slice(location.span.start.offset, location.span.end.offset);
}
