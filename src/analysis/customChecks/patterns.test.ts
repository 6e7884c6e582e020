import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileResources, ListMatch } from '../../policy/resources.js';
import { compileActions } from '../../policy/actions.js';
import { buildContext } from '../../policy/context.js';
import { compileWildcard } from '../../policy/wildcard.js';
import { actionIncludes, actionPattern, actionsDisjoint } from './actionPatterns.js';
import { Budget, BudgetExhausted } from './budget.js';
import { includes, intersects, literalGlob, globOfTokens } from './globs.js';
import { tokenize } from '../../policy/wildcard.js';
import { patternIncludes, patternMatches, patternsDisjoint, resourcePattern } from './stringPatterns.js';

/**
 * The pattern algebra against the engine's own matchers: an inclusion it claims holds for every
 * string the engine matches, a disjointness it claims has no string the engine matches twice, and
 * it reads every pattern as the engine does. Alphabets are tiny so that patterns meet.
 */

const glob = (text: string) => globOfTokens(tokenize(text));
const patternText = fc.stringMatching(/^[ab:*?]{0,7}$/);
const text = fc.stringMatching(/^[ab:]{0,7}$/);

describe('wildcard inclusion and intersection', () => {
  it('agree with the engine: claimed inclusions and disjointness hold for every string', () => {
    fc.assert(
      fc.property(patternText, patternText, fc.array(text, { minLength: 40, maxLength: 40 }), (p, q, strings) => {
        const budget = new Budget();
        const mp = compileWildcard(p);
        const mq = compileWildcard(q);
        const inc = includes(glob(q), glob(p), budget);
        const meet = intersects(glob(p), glob(q), budget);
        for (const s of strings) {
          if (inc && mp(s)) assert.ok(mq(s), `${q} ⊇ ${p} claimed, but ${s}`);
          if (!meet) assert.ok(!(mp(s) && mq(s)), `${p} ∩ ${q} = ∅ claimed, but ${s}`);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('intersection is exact: a claimed meeting has a witness among short strings', () => {
    const all: string[] = [''];
    // Two patterns of at most 3 symbols that meet share a string of at most 6 characters.
    for (let n = 0; n < 6; n++) for (const s of all.filter((x) => x.length === n)) for (const c of 'ab:') all.push(s + c);
    fc.assert(
      fc.property(fc.stringMatching(/^[ab:*?]{0,3}$/), fc.stringMatching(/^[ab:*?]{0,3}$/), (p, q) => {
        const mp = compileWildcard(p);
        const mq = compileWildcard(q);
        assert.equal(
          intersects(glob(p), glob(q), new Budget()),
          all.some((s) => mp(s) && mq(s)),
          `${p} ∩ ${q}`,
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('decides the inclusions policies hold', () => {
    const b = new Budget();
    assert.ok(includes(glob('s3:*'), glob('s3:Get*'), b));
    assert.ok(includes(glob('*Object'), glob('Get*Object'), b));
    assert.ok(includes(glob('a?c'), glob('abc'), b));
    assert.ok(!includes(glob('a?c'), glob('a*c'), b));
    assert.ok(!includes(glob('s3:Get*'), glob('s3:*'), b));
    // A literal `*` (from StringEquals) is a character, matched by a wildcard but matching only itself.
    assert.ok(includes(glob('a*'), literalGlob('a*'), b));
    assert.ok(!includes(literalGlob('a*'), glob('a*'), b));
  });

  it('costs the product of the lengths, and stops when the budget is spent', () => {
    const long = `${'*a'.repeat(3000)}*`;
    assert.throws(() => includes(glob(long), glob(`${'*a'.repeat(2999)}*b*`), new Budget(1_000_000)), BudgetExhausted);
    const medium = `${'*a'.repeat(1000)}*b`;
    const started = performance.now();
    assert.ok(includes(glob(medium), glob(medium), new Budget()));
    assert.ok(performance.now() - started < 500, `${performance.now() - started} ms`);
  });
});

describe('Resource and Action entries read as the engine reads them', () => {
  const RESOURCE_ALPHABET = /^(arn:|a|b|:|\*|\?|\/)*$/;
  const resourceText = fc.array(fc.constantFrom('arn:', 'a', 'b', ':', '*', '?', '/'), { maxLength: 9 }).map((parts) => parts.join(''));
  const requestResource = fc.array(fc.constantFrom('arn:', 'a', 'b', ':', '/'), { maxLength: 10 }).map((parts) => parts.join(''));

  it('inclusion and disjointness of resource patterns hold for every string the engine matches', () => {
    fc.assert(
      fc.property(resourceText, resourceText, fc.array(requestResource, { minLength: 40, maxLength: 40 }), (p, q, strings) => {
        assert.match(p, RESOURCE_ALPHABET);
        const budget = new Budget();
        const context = buildContext({});
        const mp = compileResources([p], false);
        const mq = compileResources([q], false);
        const pp = resourcePattern(p, false);
        const pq = resourcePattern(q, false);
        const inc = patternIncludes(pq, pp, budget);
        const apart = patternsDisjoint(pp, pq, budget);
        for (const s of strings) {
          const inP = mp({ arn: s }, context) === ListMatch.Yes;
          const inQ = mq({ arn: s }, context) === ListMatch.Yes;
          assert.equal(patternMatches(pp, s, budget), inP, `${p} on ${s}`);
          if (inc && inP) assert.ok(inQ, `${q} ⊇ ${p} claimed, but ${s}`);
          if (apart) assert.ok(!(inP && inQ), `${p} ∩ ${q} = ∅ claimed, but ${s}`);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('inclusion and disjointness of action patterns hold for every action the engine matches', () => {
    const actionText = fc.array(fc.constantFrom('s3', 'S3', ':', 'get', 'Get', '*', '?', 'a'), { maxLength: 5 }).map((p) => p.join(''));
    const requestAction = fc.array(fc.constantFrom('s3', ':', 'get', 'a'), { maxLength: 5 }).map((p) => p.join(''));
    fc.assert(
      fc.property(actionText, actionText, fc.array(requestAction, { minLength: 30, maxLength: 30 }), (p, q, actions) => {
        const budget = new Budget();
        const mp = compileActions([p]);
        const mq = compileActions([q]);
        const inc = actionIncludes(actionPattern(q), actionPattern(p), budget);
        const apart = actionsDisjoint(actionPattern(p), actionPattern(q), budget);
        for (const a of actions) {
          const lower = a.toLowerCase();
          const colon = lower.indexOf(':');
          const [service, name] = colon < 0 ? [lower, ''] : [lower.slice(0, colon), lower.slice(colon + 1)];
          const inP = mp.matches(service, name);
          const inQ = mq.matches(service, name);
          if (inc && inP) assert.ok(inQ, `${q} ⊇ ${p} claimed, but ${a}`);
          if (apart) assert.ok(!(inP && inQ), `${p} ∩ ${q} = ∅ claimed, but ${a}`);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps ARN components apart: a wildcard before the resource part never takes a colon', () => {
    const b = new Budget();
    const bucket = resourcePattern('arn:aws:s3:::bucket/*', true);
    assert.ok(patternIncludes(resourcePattern('arn:aws:s3:::*', true), bucket, b));
    assert.ok(patternsDisjoint(resourcePattern('arn:aws:iam::*:user/*', true), bucket, b));
    assert.ok(!patternIncludes(resourcePattern('arn:*:s3:::*', true), resourcePattern('*', true), b));
    assert.equal(resourcePattern('arn:*', true).kind, 'none');
    // Variables make an entry decided per request: equal only to itself.
    const home = resourcePattern('arn:aws:s3:::${aws:username}/*', true);
    assert.ok(patternIncludes(home, resourcePattern('arn:aws:s3:::${aws:username}/*', true), b));
    assert.ok(!patternIncludes(bucket, home, b));
    assert.ok(patternIncludes(resourcePattern('*', true), home, b));
  });
});
