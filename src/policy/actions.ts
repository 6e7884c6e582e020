import { compileWildcard, type StringMatcher } from './wildcard.js';

/**
 * Action and NotAction lists. AWS: reference_policies_elements_action — actions are
 * `service:Action`, matched case-insensitively, with `*` and `?` wildcards; `*` alone is every
 * action of every service.
 */

/** A compiled Action list; inputs must be lowercased. */
export interface ActionMatcher {
  matches(service: string, name: string): boolean;
  /**
   * The lowercased service prefixes the list can match, or undefined when it can match any service
   * (a `*` or a wildcard in the service prefix). Used to index statements by service.
   */
  readonly services: readonly string[] | undefined;
}

interface Pattern {
  readonly service: StringMatcher;
  readonly name: StringMatcher;
}

const never: StringMatcher = () => false;

/** Compiles an Action (or NotAction) list. An entry without `:` (other than `*`) matches nothing. */
export function compileActions(list: readonly string[]): ActionMatcher {
  const patterns: Pattern[] = [];
  const services = new Set<string>();
  let anyService = false;
  for (const raw of list) {
    const text = raw.toLowerCase();
    if (text === '*') {
      anyService = true;
      patterns.push({ service: () => true, name: () => true });
      continue;
    }
    const colon = text.indexOf(':');
    if (colon < 0) {
      patterns.push({ service: never, name: never });
      continue;
    }
    const service = text.slice(0, colon);
    if (service.includes('*') || service.includes('?')) anyService = true;
    else services.add(service);
    patterns.push({ service: compileWildcard(service), name: compileWildcard(text.slice(colon + 1)) });
  }
  return {
    services: anyService ? undefined : [...services],
    matches(service, name) {
      for (let i = 0; i < patterns.length; i++) {
        const p = patterns[i]!;
        if (p.service(service) && p.name(name)) return true;
      }
      return false;
    },
  };
}
