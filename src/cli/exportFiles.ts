import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { assembleAccountExport, ExportError, recogniseExport, type AccountExport, type ExportPiece } from '../analysis/exports/index.js';

/**
 * Reads the files of an export (a directory stands for the files in it, sorted by name) and
 * assembles them: every file is recognised by its shape and checked before anything is used.
 * Throws {@link ExportError} for a file that cannot be read, is larger than `maxBytes`, or is not
 * what it should be.
 */

/** The largest file read by default: a 5,000-role, 20,000-policy export is about 60 MB. */
export const DEFAULT_MAX_FILE_BYTES = 128 * 1024 * 1024;

export async function readAccountExport(
  paths: readonly string[],
  options: { maxBytes?: number; onFile?: (file: string, done: number, total: number) => void } = {},
): Promise<AccountExport> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const files = await expand(paths);
  const pieces: ExportPiece[] = [];
  for (const [i, file] of files.entries()) {
    options.onFile?.(file, i, files.length);
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch (err) {
      throw new ExportError(file, '', `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
    if (size > maxBytes) {
      throw new ExportError(file, '', `is ${mebibytes(size)}, more than the ${mebibytes(maxBytes)} a file may have (raise the limit with --max-file-size)`);
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new ExportError(file, '', `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
    pieces.push(...recogniseExport(file, text));
  }
  options.onFile?.('', files.length, files.length);
  return assembleAccountExport(pieces);
}

async function expand(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (err) {
      throw new ExportError(path, '', `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
    if (!info.isDirectory()) {
      out.push(path);
      continue;
    }
    const names = (await readdir(path)).filter((n) => !n.startsWith('.')).sort();
    for (const name of names) {
      const child = join(path, name);
      if ((await stat(child)).isFile()) out.push(child);
    }
  }
  return out;
}

function mebibytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** `--max-file-size`: a number of bytes, or with a unit (`64MiB`, `200MB`, `1GiB`). */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?$/i.exec(text.trim());
  if (match === null) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase();
  const scale: Record<string, number> = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3 };
  return Math.floor(Number(match[1]) * scale[unit]!);
}
