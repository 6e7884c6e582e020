import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assembleAccountExport, recogniseExport } from '../analysis/exports/index.js';
import { analyzeAccount, type PostureReport } from '../analysis/posture/index.js';
import { fixtureExport } from '../../test/support/exportFixtures.js';
import { renderHtml } from './analyzeHtml.js';
import { fingerprint, renderPostureSarif } from './analyzeSarif.js';
import { renderText } from './analyzeText.js';

const account = assembleAccountExport(Object.entries(fixtureExport()).flatMap(([n, t]) => recogniseExport(n, t)));
// Outside its organization, bob's path to alice's keys is open: the report has a path to draw.
const report: PostureReport = await analyzeAccount({ ...account, organization: null }, { now: new Date('2025-06-02T12:00:00Z') });

describe('the outputs of one report', () => {
  it('text: the summary by severity, then each finding; colour only when asked', () => {
    const plain = renderText(report, false);
    assert.match(
      plain,
      /^Account 111122223333 — analysed 2025-06-02 12:00:00 UTC from 13 files\n\n {2}critical {5}3\n {2}high {9}8\n {2}medium {6}12\n {2}low {10}3\n/,
    );
    assert.match(plain, /^HIGH {6}iam-003 .*user\/dev\/bob$/m);
    assert.match(plain, /path: user\/dev\/bob ─\[iam-003: iam:DeleteAccessKey, iam:CreateAccessKey\]→ user\/alice$/m);
    assert.doesNotMatch(plain, /\u001b\[/);
    assert.match(renderText(report, true), /\u001b\[1;31mcritical/);
  });

  it('SARIF 2.1.0: a rule per check found, a result per finding, stable distinct fingerprints', () => {
    const log = JSON.parse(renderPostureSarif(report, '0.1.0'));
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.results.length, report.findings.length);
    assert.deepEqual(
      run.tool.driver.rules.map((r: { id: string }) => r.id),
      [...new Set(report.findings.map((f) => f.id))].sort(),
    );
    const prints = run.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['gatehouseFinding/v1']);
    assert.equal(new Set(prints).size, prints.length);
    assert.equal(fingerprint(report.findings[0]!), prints[0]);
    const path = run.results.find((r: { ruleId: string }) => r.ruleId === 'iam-003');
    assert.equal(path.level, 'error');
    assert.equal(path.locations[0].logicalLocations[0].fullyQualifiedName, 'arn:aws:iam::111122223333:user/dev/bob');
  });

  it('HTML: one self-contained page, every text escaped, each path drawn', () => {
    const hostile: PostureReport = {
      ...report,
      findings: [...report.findings, { ...report.findings[0]!, reason: '<script>alert(1)</script> & "quotes"' }],
    };
    const html = renderHtml(hostile);
    assert.match(html, /^<!doctype html>/);
    assert.doesNotMatch(html, /<script[^>]*\bsrc=|<link\b|\bsrc="https?:|url\(https?:|@import/i, 'nothing loaded from anywhere');
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.ok(html.includes('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;quotes&#34;'));
    const paths = report.findings.filter((f) => f.path !== undefined).length;
    assert.equal(html.match(/<svg /g)?.length, paths);
    assert.match(html, /<input type="checkbox" name="sev" value="critical" checked>/);
  });
});
