import { LineIndex, parseJson, type JsonNode, type TextPosition } from '../../../policy/index.js';

/**
 * Where each statement of a policy document starts and ends, for the simulator's
 * `MatchedStatements`.
 *
 * AWS: the AWS CLI's simulate-custom-policy example — for the one-line policy
 * `{"Version":"2012-10-17","Statement":{…}}` whose statement braces sit at offsets 36 and 165, IAM
 * answers StartPosition `{Line: 1, Column: 38}` and EndPosition `{Line: 1, Column: 167}`: the
 * 1-based line and column just past each brace.
 */

/** The span of one statement. */
export interface StatementSpan {
  readonly start: TextPosition;
  readonly end: TextPosition;
}

/** The spans of a document's statements, by statement index; empty when the text is not JSON. */
export function statementSpans(text: string): StatementSpan[] {
  const parsed = parseJson(text);
  if (!parsed.ok || parsed.node.kind !== 'object') return [];
  const statement = parsed.node.members.find((m) => m.key === 'Statement')?.value;
  if (statement === undefined) return [];
  const nodes: JsonNode[] = statement.kind === 'array' ? [...statement.items] : [statement];
  const lines = new LineIndex(text);
  return nodes.map((node) => ({ start: lines.position(node.start + 1), end: lines.position(closingOffset(text, node.start) + 1) }));
}

/** The offset of the bracket closing the object or array that opens at `start`. */
function closingOffset(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return Math.max(start, text.length - 1);
}
