/**
 * Test support for the SigV4 suites: reads the raw-HTTP request files of AWS's SigV4 test suite
 * into `HttpRequestParts`. Used by tests only.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpRequestParts } from '../../src/auth/sigv4/types.js';

/** AWS's SigV4 test vectors (two published copies, Apache-2.0; see its README). */
export const SIGV4_CONFORMANCE_DIR = fileURLToPath(new URL('../fixtures/sigv4-conformance/', import.meta.url));

/** The suite's fixed clock, key and secret. */
export const SUITE_NOW = new Date('2015-08-30T12:36:00Z');
export const SUITE_ACCESS_KEY = 'AKIDEXAMPLE';
export const SUITE_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

/**
 * Parses `METHOD path HTTP/1.1`, `Name:value` lines (a line starting with whitespace continues
 * the previous value, as in obsolete header folding), a blank line, then the body.
 */
export function parseRawRequest(text: string): HttpRequestParts {
  const blank = text.indexOf('\n\n');
  const head = blank < 0 ? text : text.slice(0, blank);
  const body = blank < 0 ? '' : text.slice(blank + 2);
  const lines = head.split('\n');
  const first = lines.shift() ?? '';
  const method = first.slice(0, first.indexOf(' '));
  const target = first.slice(first.indexOf(' ') + 1, first.lastIndexOf(' '));
  const q = target.indexOf('?');
  const headers: Record<string, string | string[]> = {};
  let last: { name: string; index: number } | undefined;
  for (const line of lines) {
    if (line === '') continue;
    if (/^[ \t]/.test(line) && last !== undefined) {
      const current = headers[last.name]!;
      if (Array.isArray(current)) current[last.index] += `\n${line}`;
      else headers[last.name] = `${current}\n${line}`;
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1);
    const existing = headers[name];
    if (existing === undefined) {
      headers[name] = value;
      last = { name, index: 0 };
    } else {
      const list = Array.isArray(existing) ? existing : [existing];
      list.push(value);
      headers[name] = list;
      last = { name, index: list.length - 1 };
    }
  }
  return {
    method,
    rawPath: q < 0 ? target : target.slice(0, q),
    rawQuery: q < 0 ? '' : target.slice(q + 1),
    headers,
    body: Buffer.from(body, 'utf8'),
  };
}

/** Reads a text file, or undefined when absent. */
export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Every folder under `root` (recursively) that holds a file ending in `marker`. */
export function caseFolders(root: string, marker: (name: string) => boolean): string[] {
  const found: string[] = [];
  for (const name of readdirSync(root).sort()) {
    const path = join(root, name);
    if (!statSync(path).isDirectory()) continue;
    if (readdirSync(path).some(marker)) found.push(path);
    found.push(...caseFolders(path, marker));
  }
  return found;
}
