/**
 * A policy's effect in plain words, statement by statement: who (for resource policies), which
 * actions, on which resources, under which conditions. It reads the JSON as written and claims
 * nothing the engine decides (the simulator and Access Analyzer do that).
 */

type Json = unknown;

const list = (value: Json): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

function join(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length > 6) return `${items.slice(0, 5).join(', ')} and ${items.length - 5} more`;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function actionWords(pattern: string): string {
  if (pattern === '*') return 'every action of every service';
  const [service, action] = pattern.split(':');
  if (action === '*') return `every ${service} action`;
  if (action?.endsWith('*') === true && !action.slice(0, -1).includes('*')) return `the ${service} actions starting with “${action.slice(0, -1)}”`;
  return pattern;
}

function resourceWords(pattern: string): string {
  return pattern === '*' ? 'every resource' : pattern;
}

function principalWords(value: Json): string {
  if (value === '*') return 'anyone (every principal, including anonymous ones)';
  if (typeof value !== 'object' || value === null) return String(value);
  const parts: string[] = [];
  for (const [kind, ids] of Object.entries(value as Record<string, Json>)) {
    for (const id of list(ids)) {
      if (id === '*') parts.push(kind === 'AWS' ? 'any AWS principal' : `any ${kind} principal`);
      else if (kind === 'AWS' && /^\d{12}$/.test(id)) parts.push(`account ${id}`);
      else if (kind === 'AWS' && id.endsWith(':root')) parts.push(`account ${id.split(':')[4]}`);
      else if (kind === 'Service') parts.push(`the service ${id}`);
      else if (kind === 'Federated') parts.push(`users of ${id}`);
      else parts.push(id);
    }
  }
  return join(parts);
}

const OPERATORS: Record<string, string> = {
  StringEquals: 'is',
  StringNotEquals: 'is not',
  StringEqualsIgnoreCase: 'is (any case)',
  StringNotEqualsIgnoreCase: 'is not (any case)',
  StringLike: 'matches',
  StringNotLike: 'does not match',
  NumericEquals: 'equals',
  NumericNotEquals: 'does not equal',
  NumericLessThan: 'is less than',
  NumericLessThanEquals: 'is at most',
  NumericGreaterThan: 'is greater than',
  NumericGreaterThanEquals: 'is at least',
  DateEquals: 'is',
  DateNotEquals: 'is not',
  DateLessThan: 'is before',
  DateLessThanEquals: 'is at or before',
  DateGreaterThan: 'is after',
  DateGreaterThanEquals: 'is at or after',
  Bool: 'is',
  BinaryEquals: 'is',
  IpAddress: 'is in',
  NotIpAddress: 'is not in',
  ArnEquals: 'is',
  ArnLike: 'matches',
  ArnNotEquals: 'is not',
  ArnNotLike: 'does not match',
};

function conditionWords(condition: Json): string[] {
  if (typeof condition !== 'object' || condition === null) return [];
  const out: string[] = [];
  for (const [operator, keys] of Object.entries(condition as Record<string, Json>)) {
    const set = operator.startsWith('ForAllValues:') ? 'every value of ' : operator.startsWith('ForAnyValue:') ? 'any value of ' : '';
    const base = operator.replace(/^For(All|Any)Values?:/, '');
    const ifExists = base.endsWith('IfExists');
    const name = ifExists ? base.slice(0, -'IfExists'.length) : base;
    for (const [key, values] of Object.entries((keys ?? {}) as Record<string, Json>)) {
      if (name === 'Null') {
        out.push(`${key} is ${list(values)[0] === 'true' ? 'absent' : 'present'}`);
        continue;
      }
      const verb = OPERATORS[name] ?? name;
      out.push(`${set}${key} ${verb} ${join(list(values).map((v) => `“${v}”`)).replace(/ and /g, ' or ')}${ifExists ? ' (when the request has it)' : ''}`);
    }
  }
  return out;
}

/** The plain-words sentences of a policy document; an error when it is not JSON. */
export function describePolicy(text: string): { sentences: string[]; error?: string } {
  let doc: Json;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { sentences: [], error: `The document is not valid JSON yet: ${err instanceof Error ? err.message : String(err)}` };
  }
  const statements = typeof doc === 'object' && doc !== null ? (doc as { Statement?: Json }).Statement : undefined;
  const items = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  const sentences = items.map((raw) => {
    const s = (raw ?? {}) as Record<string, Json>;
    const effect = s['Effect'] === 'Deny' ? 'Denies' : 'Allows';
    const who =
      s['Principal'] !== undefined
        ? ` ${principalWords(s['Principal'])}`
        : s['NotPrincipal'] !== undefined
          ? ` everyone except ${principalWords(s['NotPrincipal'])}`
          : '';
    const actions =
      s['NotAction'] !== undefined ? `every action except ${join(list(s['NotAction']).map(actionWords))}` : join(list(s['Action']).map(actionWords));
    const resources =
      s['NotResource'] !== undefined
        ? `every resource except ${join(list(s['NotResource']).map(resourceWords))}`
        : s['Resource'] === undefined
          ? 'the resource this policy is attached to'
          : join(list(s['Resource']).map(resourceWords));
    const conditions = conditionWords(s['Condition']);
    const sid = typeof s['Sid'] === 'string' && s['Sid'] !== '' ? `${s['Sid']}: ` : '';
    return `${sid}${effect}${who} ${actions} on ${resources}${conditions.length > 0 ? `, only when ${conditions.join(' and ')}` : ''}.`;
  });
  return { sentences };
}
