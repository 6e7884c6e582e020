import type { Operation } from './operation.js';
import { stsOperations } from './sts/index.js';
import { iamOperations } from './iam/index.js';
import { cloudtrailOperations } from './cloudtrail/index.js';
import { organizationsOperations } from './organizations/index.js';
import { accessAnalyzerOperations } from './accessanalyzer/index.js';

const ALL: readonly Operation[] = [...stsOperations, ...iamOperations, ...cloudtrailOperations, ...organizationsOperations, ...accessAnalyzerOperations];

const byKey = new Map<string, Operation>(ALL.map((op) => [`${op.service}:${op.name}`, op]));

/** The implementation of `service`/`operation`, or undefined when Gatehouse does not implement it. */
export function findOperation(service: string, operation: string): Operation | undefined {
  return byKey.get(`${service}:${operation}`);
}

/** Every implemented operation, for listings and tests. */
export function implementedOperations(): readonly Operation[] {
  return ALL;
}
