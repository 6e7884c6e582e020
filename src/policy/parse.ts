import type { PolicyType } from './ast.js';
import { toPlainJson, type JsonNode } from './json.js';
import { parseJson } from './jsonParse.js';
import { firstDisallowedCharacter, POLICY_SIZE_LIMITS, policySize } from './grammarLimits.js';
import { dialectOf, wireMessage } from './grammarMessages.js';
import { GrammarReport, type ParseResult } from './grammarReport.js';
import { POLICY_TYPE_RULES } from './grammarRules.js';
import { checkStatement } from './grammarStatement.js';
import { normalizePolicy } from './normalize.js';

/** Options of {@link parsePolicy}. */
export interface ParsePolicyOptions {
  /** Size quota to apply instead of the type's default ({@link POLICY_SIZE_LIMITS}). */
  readonly maxLength?: number;
  /**
   * Accept Version 2008-10-17 (or none) where the type otherwise requires 2012-10-17. AWS: the
   * policy simulator simulates such policies (SimulateCustomPolicy accepts `"Version": "2008-10-17"`),
   * with policy variables left literal as that version has them.
   */
  readonly anyVersion?: boolean;
}

const TOP_LEVEL_ELEMENTS: ReadonlySet<string> = new Set(['Version', 'Id', 'Statement']);
const VERSIONS: ReadonlySet<string> = new Set(['2012-10-17', '2008-10-17']);

/**
 * Checks a policy document's text against the grammar IAM (or Organizations, S3, STS) applies to
 * `type`, and on success returns it normalized. Checks run in IAM's order: charset, size, strict
 * JSON (duplicate keys rejected), structure, version, legacy parsing, Sids, actions, resources;
 * `errors[0]` is the one AWS would report. Pure, linear in the text, never throws.
 */
export function parsePolicy(text: string, type: PolicyType, options: ParsePolicyOptions = {}): ParseResult {
  const dialect = dialectOf(type);
  try {
    const report = new GrammarReport(dialect, text);
    const bad = firstDisallowedCharacter(text);
    if (bad >= 0) {
      const code = text.charCodeAt(bad).toString(16).toUpperCase().padStart(4, '0');
      report.add('CHARSET', { offset: bad, detail: `character U+${code} is outside the allowed range` });
      return { ok: false, errors: report.errors() };
    }
    const limit = POLICY_SIZE_LIMITS[type];
    const max = options.maxLength !== undefined && Number.isFinite(options.maxLength) ? options.maxLength : limit.max;
    const size = policySize(text, limit.countsWhitespace);
    if (size > max) {
      const args = limit.quota === undefined ? { max } : { max, quota: limit.quota };
      report.add('SIZE', { detail: `policy has ${size} counted characters; the limit is ${max}`, args, limit: max });
      return { ok: false, errors: report.errors() };
    }
    const parsed = parseJson(text);
    if (!parsed.ok) {
      const { reason, offset, duplicateKey } = parsed.error;
      report.add(duplicateKey === undefined ? 'JSON_SYNTAX' : 'DUPLICATE_KEY', { offset, detail: reason });
      return { ok: false, errors: report.errors() };
    }
    checkDocument(parsed.node, type, report, options);
    if (report.failed) return { ok: false, errors: report.errors() };
    return { ok: true, policy: normalizePolicy(toPlainJson(parsed.node)) };
  } catch (e) {
    // INVARIANT: unreachable; reported as data so a checker bug never escapes as an exception.
    return {
      ok: false,
      errors: [{ message: wireMessage(dialect, 'JSON_SYNTAX'), issue: 'JSON_SYNTAX', detail: `internal grammar checker error: ${String(e)}` }],
    };
  }
}

function checkDocument(root: JsonNode, type: PolicyType, report: GrammarReport, options: ParsePolicyOptions): void {
  const rules = POLICY_TYPE_RULES[type];
  if (root.kind !== 'object') {
    report.add('NOT_AN_OBJECT', { offset: root.start, detail: 'a policy must be a JSON object' });
    return;
  }
  const top = new Map(root.members.map((m) => [m.key, m] as const));
  for (const m of root.members) {
    if (!TOP_LEVEL_ELEMENTS.has(m.key)) {
      const detail = `unknown policy element \`${m.key}\``;
      report.add('UNKNOWN_ELEMENT', { path: m.key, offset: m.keyStart, detail, args: { element: m.key } });
    }
  }
  const id = top.get('Id');
  if (id !== undefined && id.value.kind !== 'string') {
    report.add('DATA_TYPE', { path: 'Id', offset: id.value.start, detail: '`Id` must be a string' });
  }

  const version = top.get('Version');
  let versionValue: string | undefined;
  if (version !== undefined) {
    if (version.value.kind === 'string' && VERSIONS.has(version.value.value)) versionValue = version.value.value;
    else {
      const shown = version.value.kind === 'string' ? version.value.value : version.value.kind;
      const detail = `version \`${shown}\` is not \`2012-10-17\` or \`2008-10-17\``;
      report.add('INVALID_VERSION', { path: 'Version', offset: version.value.start, detail });
    }
  }
  if (rules.version === 'latest' && options.anyVersion !== true && versionValue !== '2012-10-17' && (version === undefined || versionValue !== undefined)) {
    report.add('VERSION_REQUIRED', {
      path: 'Version',
      offset: version?.value.start ?? root.start,
      detail:
        versionValue === undefined ? 'policy has no `Version`; `2012-10-17` is required' : `version \`${versionValue}\` is too old; \`2012-10-17\` is required`,
    });
  }

  const statement = top.get('Statement');
  if (statement === undefined) {
    report.add('MISSING_STATEMENT', { offset: root.start, detail: 'policy has no `Statement`' });
    return;
  }
  const ctx = { rules, report, variables: versionValue === '2012-10-17' };
  const sids = new Map<string, number>();
  const visit = (node: JsonNode, path: string): void => {
    const sid = checkStatement(node, path, ctx);
    if (sid === undefined || sid === '') return;
    if (rules.uniqueSids && sids.has(sid)) {
      report.add('SID_UNIQUE', { path: `${path}.Sid`, offset: node.start, detail: `sid \`${sid}\` is used by more than one statement` });
    }
    sids.set(sid, (sids.get(sid) ?? 0) + 1);
  };
  const s = statement.value;
  if (s.kind === 'object') visit(s, 'Statement');
  else if (s.kind === 'array') {
    if (s.items.length === 0) report.add('EMPTY_STATEMENT', { path: 'Statement', offset: s.start, detail: '`Statement` is an empty array' });
    for (const [i, item] of s.items.entries()) visit(item, `Statement[${i}]`);
  } else {
    report.add('DATA_TYPE', { path: 'Statement', offset: s.start, detail: '`Statement` must be an object or an array of objects' });
  }
}
