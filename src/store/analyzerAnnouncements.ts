import { announcing } from './announcing.js';
import { ANALYZERS_TOPIC, FINDINGS_TOPIC } from './changeTopics.js';
import type { AnalyzerFindingsRepository, AnalyzersRepository } from './repositories/index.js';
import type { ChangeFeed } from './types.js';

/**
 * Access Analyzer's repositories as the store hands them out: an analyzer's creation, deletion,
 * configuration, status and archive rules announce {@link ANALYZERS_TOPIC} (the findings engine
 * of every node follows them); finding changes announce {@link FINDINGS_TOPIC}. An analyzer's
 * last analyzed resource and its tags are kept quietly: the engine writes the former itself.
 */
export function analyzersAnnouncing(analyzers: AnalyzersRepository, changes: ChangeFeed): AnalyzersRepository {
  const byArn = async (_result: unknown, arn: string) => changes.publish(ANALYZERS_TOPIC, arn);
  return {
    ...analyzers,
    create: announcing(analyzers.create, async (_result, analyzer) => changes.publish(ANALYZERS_TOPIC, analyzer.arn)),
    update: announcing(analyzers.update, async (_result, arn, patch) => {
      if (patch.configuration !== undefined || patch.status !== undefined) await changes.publish(ANALYZERS_TOPIC, arn);
    }),
    delete: announcing(analyzers.delete, byArn),
    putRule: announcing(analyzers.putRule, async (_result, rule) => changes.publish(ANALYZERS_TOPIC, rule.analyzerArn)),
    deleteRule: announcing(analyzers.deleteRule, byArn),
  };
}

/** Findings announce their analyzer on every change. */
export function analyzerFindingsAnnouncing(findings: AnalyzerFindingsRepository, changes: ChangeFeed): AnalyzerFindingsRepository {
  const byArn = async (_result: unknown, arn: string) => changes.publish(FINDINGS_TOPIC, arn);
  return {
    ...findings,
    insert: announcing(findings.insert, async (_result, list) => {
      for (const arn of new Set(list.map((f) => f.analyzerArn))) await changes.publish(FINDINGS_TOPIC, arn);
    }),
    update: announcing(findings.update, byArn),
    setStatus: announcing(findings.setStatus, byArn),
  };
}
