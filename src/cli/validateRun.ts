import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { validatePolicy, type ValidationFinding } from '../analysis/validation/index.js';
import { policiesInFile, type PlainPolicyOptions, type PolicySource } from './policySources.js';

/** The findings of one policy found in a file. */
export interface PolicyResult {
  readonly source: PolicySource;
  readonly findings: readonly ValidationFinding[];
}

/** The outcome of one file. */
export interface FileResult {
  readonly file: string;
  /** The file's text, for placing findings. */
  readonly text: string;
  readonly policies: readonly PolicyResult[];
  /** Why the file held nothing to validate (not JSON or YAML, or nothing recognized). */
  readonly note?: string;
}

const EXTENSIONS = /\.(json|ya?ml)$/i;

/**
 * The files to validate: each FILE argument, and under each DIR every `.json`, `.yaml` and `.yml`
 * file (Terraform's `.tf.json` and saved plans included), recursively, in name order, skipping
 * hidden folders and `node_modules`.
 */
export async function collectFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.isFile() && EXTENSIONS.test(e.name)) out.push(path);
    }
  };
  for (const p of paths) {
    if ((await stat(p)).isDirectory()) await walk(p);
    else out.push(p);
  }
  return out;
}

/** Reads and validates one file (CPU work, synchronous apart from the read). */
export async function validateFile(file: string, plain: PlainPolicyOptions): Promise<FileResult> {
  const text = await readFile(file, 'utf8');
  const reading = policiesInFile(file, text, plain);
  const policies = reading.policies.map((source) => ({
    source,
    findings: validatePolicy(
      source.text,
      source.resourceType === undefined ? { policyType: source.policyType } : { policyType: source.policyType, resourceType: source.resourceType },
    ),
  }));
  return reading.note === undefined ? { file, text, policies } : { file, text, policies, note: reading.note };
}
