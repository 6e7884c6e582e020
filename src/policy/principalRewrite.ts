import type { JsonNode } from './json.js';
import { parseJson } from './jsonParse.js';

/**
 * Replaces `AWS` principal values of a policy document's `Principal` and `NotPrincipal` elements,
 * in place: the rest of the text (its layout, other elements, a Resource or Condition value that
 * happens to hold the same ARN) is kept exactly. `replacements` maps a value, lower-cased, to what
 * replaces it. A document that is not JSON is returned unchanged.
 *
 * AWS: IAM User Guide, "IAM identifiers" — a policy that names a user or role is bound to its
 * unique ID; once the principal is deleted the policy shows the unique ID where the ARN was.
 */
export function rewriteAwsPrincipals(text: string, replacements: ReadonlyMap<string, string>): string {
  const parsed = parseJson(text);
  if (!parsed.ok || replacements.size === 0) return text;
  const splices: { start: number; end: number; value: string }[] = [];
  const statements = member(parsed.node, 'Statement');
  for (const statement of statements === undefined ? [] : statements.kind === 'array' ? statements.items : [statements]) {
    for (const element of ['Principal', 'NotPrincipal']) {
      const aws = member(member(statement, element), 'AWS');
      for (const value of aws === undefined ? [] : aws.kind === 'array' ? aws.items : [aws]) {
        if (value.kind !== 'string') continue;
        const replacement = replacements.get(value.value.toLowerCase());
        if (replacement !== undefined) splices.push({ start: value.start, end: stringEnd(text, value.start), value: JSON.stringify(replacement) });
      }
    }
  }
  let out = text;
  for (const splice of splices.sort((a, b) => b.start - a.start)) out = out.slice(0, splice.start) + splice.value + out.slice(splice.end);
  return out;
}

function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return node?.kind === 'object' ? node.members.find((m) => m.key === key)?.value : undefined;
}

/** The offset just past the closing quote of the JSON string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i + 1;
  }
  return text.length;
}
