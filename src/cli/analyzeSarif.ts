import { createHash } from 'node:crypto';
import type { Finding, PostureReport, Severity } from '../analysis/posture/index.js';

/** SARIF levels: critical and high fail a code-scanning gate. */
const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
/** GitHub code scanning's security-severity scale (critical ≥ 9, high ≥ 7, medium ≥ 4). */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

/** A finding's identity across runs: its id, its resource and, for a path, the principal its first step reaches. */
export function fingerprint(f: Finding): string {
  const first = f.path?.steps[0];
  return createHash('sha256')
    .update([f.id, f.resourceArn, first?.to ?? '', f.path === undefined ? f.reason : ''].join('\n'))
    .digest('hex')
    .slice(0, 32);
}

/**
 * A SARIF 2.1.0 log: one rule per check or technique that has findings, one result per finding,
 * located at the account's resource (a logical location: an ARN) and at the export file that
 * describes it when the analysis read files.
 */
export function renderPostureSarif(report: PostureReport, version: string): string {
  const ids = [...new Set(report.findings.map((f) => f.id))].sort();
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const rules = ids.map((id) => {
    const f = byId.get(id)!;
    return {
      id,
      name: id,
      shortDescription: { text: f.title },
      ...(f.link !== undefined ? { helpUri: f.link } : {}),
      defaultConfiguration: { level: LEVEL[f.severity] },
      properties: { 'security-severity': SECURITY_SEVERITY[f.severity], tags: ['security', f.category], sources: f.sources },
    };
  });
  const artifact = report.files.find((file) => file.kind === 'authorization-details')?.file;
  const results = report.findings.map((f) => ({
    ruleId: f.id,
    level: LEVEL[f.severity],
    message: { text: f.reason },
    locations: [
      {
        ...(artifact !== undefined ? { physicalLocation: { artifactLocation: { uri: artifact.split('\\').join('/') } } } : {}),
        logicalLocations: [{ fullyQualifiedName: f.resourceArn, kind: 'resource' }],
      },
    ],
    partialFingerprints: { 'gatehouseFinding/v1': fingerprint(f) },
    properties: {
      severity: f.severity,
      resourceType: f.resourceType,
      remediation: f.remediation,
      ...(f.path !== undefined ? { path: f.path } : {}),
    },
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'gatehouse analyze', version, informationUri: 'https://pathfinding.cloud', rules } },
        automationDetails: { id: `gatehouse-posture/${report.accountId}/` },
        results,
        properties: { accountId: report.accountId, analyzedAt: report.analyzedAt, summary: report.summary },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
