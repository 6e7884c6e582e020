import { compileArnTokens } from './arn.js';
import type { ContextValues } from './context.js';
import { hasVariables, parseTemplate, TemplateMatcher, type TemplatePart } from './variables.js';
import { compileTokens, tokenize, type StringMatcher } from './wildcard.js';

/**
 * Resource and NotResource lists. ARNs are matched case-sensitively, segment by segment (a wildcard
 * never crosses the colons between partition, service, region, account and resource; it does within
 * the resource part). A pattern without the `arn:` prefix (such as `*`) is compared with the whole resource string.
 *
 * AWS: reference_policies_variables — variables are allowed "only in the resource portion of the
 * ARN", after the fifth colon; elsewhere `${…}` is literal text. An entry whose variable cannot be
 * resolved matches nothing (AWS: "any attempt to match it fails").
 */

/** The request resource as the matchers see it. */
export interface PreparedResource {
  readonly arn: string;
}

/** Result of testing a list: a match, no match, or no match because a variable was unresolved. */
export const ListMatch = { No: 0, Yes: 1, Unresolved: 2 } as const;
export type ListMatch = (typeof ListMatch)[keyof typeof ListMatch];

/** A compiled Resource/NotResource list. */
export type ResourceMatcher = (resource: PreparedResource, context: ContextValues) => ListMatch;

/** Prepares a request resource. */
export function prepareResource(arn: string): PreparedResource {
  return { arn };
}

type EntryMatcher = (resource: PreparedResource, context: ContextValues) => ListMatch;

/** Compiles a Resource (or NotResource) list. */
export function compileResources(list: readonly string[], variablesEnabled: boolean): ResourceMatcher {
  const entries = list.map((raw) => compileEntry(raw, variablesEnabled));
  if (entries.length === 1) return entries[0]!;
  return (resource, context) => {
    let result: ListMatch = ListMatch.No;
    for (let i = 0; i < entries.length; i++) {
      const r = entries[i]!(resource, context);
      if (r === ListMatch.Yes) return r;
      if (r === ListMatch.Unresolved) result = r;
    }
    return result;
  };
}

function compileEntry(raw: string, variablesEnabled: boolean): EntryMatcher {
  if (raw === '*') return () => ListMatch.Yes;
  const split = splitAtResourcePart(raw);
  if (variablesEnabled && split !== undefined && hasVariables(split.resource)) {
    return compileTemplateEntry(split.prefix, parseTemplate(split.resource));
  }
  const tokens = tokenize(raw);
  // A pattern that is not an ARN (no `arn:` prefix) is compared with the whole resource string.
  const match = raw.startsWith('arn:') ? compileArnTokens(tokens) : compileTokens(tokens);
  return (resource) => (match(resource.arn) ? ListMatch.Yes : ListMatch.No);
}

function compileTemplateEntry(prefix: string, template: TemplatePart[]): EntryMatcher {
  const matchers = new TemplateMatcher<StringMatcher>(template, compileArnTokens, tokenize(prefix));
  return (resource, context) => {
    const match = matchers.get(context);
    if (match === undefined) return ListMatch.Unresolved;
    return match(resource.arn) ? ListMatch.Yes : ListMatch.No;
  };
}

/** `arn:p:s:r:a:` and the resource part after the fifth colon, or undefined for fewer colons. */
function splitAtResourcePart(raw: string): { prefix: string; resource: string } | undefined {
  let at = -1;
  for (let n = 0; n < 5; n++) {
    at = raw.indexOf(':', at + 1);
    if (at < 0) return undefined;
  }
  return { prefix: raw.slice(0, at + 1), resource: raw.slice(at + 1) };
}
