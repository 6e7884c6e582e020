import { ISSUES, type FindingType } from '../analysis/validation/index.js';
import { lineColumn } from './validateText.js';
import type { FileResult } from './validateRun.js';

/** SARIF levels: errors and security warnings fail a code-scanning gate, suggestions are notes. */
const LEVEL: Readonly<Record<FindingType, 'error' | 'warning' | 'note'>> = {
  ERROR: 'error',
  SECURITY_WARNING: 'error',
  WARNING: 'warning',
  SUGGESTION: 'note',
};

/**
 * A SARIF 2.1.0 log of every finding: one rule per issue code that occurs (with the check
 * reference as its help URI), one result per finding with its region in the file (lines and
 * columns from 1, as SARIF counts them).
 */
export function renderSarif(results: readonly FileResult[], version: string): string {
  const codes = new Set<string>();
  const sarifResults = [];
  for (const r of results) {
    for (const p of r.policies) {
      for (const f of p.findings) {
        codes.add(f.issueCode);
        const location = f.locations[0];
        const range = location === undefined ? { start: 0, end: 0 } : p.source.locate(location);
        const start = lineColumn(r.text, range.start);
        const end = lineColumn(r.text, Math.max(range.end, range.start));
        sarifResults.push({
          ruleId: f.issueCode,
          level: LEVEL[f.findingType],
          message: { text: f.findingDetails },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: r.file.split('\\').join('/') },
                region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
              },
              ...(p.source.label === undefined ? {} : { logicalLocations: [{ fullyQualifiedName: p.source.label }] }),
            },
          ],
          properties: { findingType: f.findingType, policyType: p.source.policyType },
        });
      }
    }
  }
  const rules = [...codes].sort().map((code) => {
    const spec = ISSUES.get(code)!;
    return {
      id: code,
      name: code.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _s: string, c: string) => c.toUpperCase()),
      shortDescription: { text: code.replaceAll('_', ' ').toLowerCase() },
      helpUri: spec.learnMoreLink,
      defaultConfiguration: { level: LEVEL[spec.findingType] },
      properties: { findingType: spec.findingType },
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gatehouse validate',
            version,
            informationUri: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
            rules,
          },
        },
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
