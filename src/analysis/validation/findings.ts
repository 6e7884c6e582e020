import { ISSUES, renderDetails } from './issues.js';
import type { FindingType, Location, ValidationFinding } from './types.js';

const TYPE_ORDER: Readonly<Record<FindingType, number>> = { ERROR: 0, SECURITY_WARNING: 1, WARNING: 2, SUGGESTION: 3 };

/** Collects the findings of one validation; identical findings are reported once. */
export class FindingCollector {
  private readonly findings: ValidationFinding[] = [];
  private readonly seen = new Set<string>();

  /** Records a finding for a check of the reference. */
  add(issueCode: string, locations: readonly Location[], args: Readonly<Record<string, string | number>> = {}): void {
    const spec = ISSUES.get(issueCode);
    // INVARIANT: every check reports an issue code of the reference's table.
    if (spec === undefined) throw new Error(`unknown issue code ${issueCode}`);
    const finding: ValidationFinding = {
      findingDetails: renderDetails(spec.template, args),
      findingType: spec.findingType,
      issueCode,
      learnMoreLink: spec.learnMoreLink,
      locations,
    };
    const key = `${issueCode}\u0000${finding.findingDetails}\u0000${locations.map((l) => `${l.span.start.offset}-${l.span.end.offset}`).join(',')}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.findings.push(finding);
  }

  /** Whether a finding of this code was recorded. */
  has(issueCode: string): boolean {
    return this.findings.some((f) => f.issueCode === issueCode);
  }

  /** The findings in document order (first location), then by type and code. */
  list(): ValidationFinding[] {
    const first = (f: ValidationFinding): number => f.locations[0]?.span.start.offset ?? -1;
    return this.findings
      .map((f, i) => ({ f, i }))
      .sort((a, b) => first(a.f) - first(b.f) || TYPE_ORDER[a.f.findingType] - TYPE_ORDER[b.f.findingType] || a.i - b.i)
      .map(({ f }) => f);
  }
}
