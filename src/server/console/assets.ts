import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One built file of the console, held in memory with its gzip'd form when the build made one. */
export interface ConsoleAsset {
  readonly body: Buffer;
  readonly gzip?: Buffer;
  readonly contentType: string;
}

/** The built console: its page and its hashed assets, read once at start. */
export interface ConsoleBundle {
  /** The one HTML page every console URL answers with; undefined when the console was not built. */
  readonly page: Buffer | undefined;
  readonly assets: ReadonlyMap<string, ConsoleAsset>;
}

/**
 * Where `npm run build:console` (run by `npm ci` through `prepare`) writes the console: `dist/console/`
 * of the package. This file sits at `src/server/console/` in a checkout run by tsx and at
 * `dist/server/console/` once built: three levels up is the package root either way.
 */
export const CONSOLE_BUILD_DIR = fileURLToPath(new URL('../../../dist/console/', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Reads the built console from `dir`. */
export function loadConsoleBundle(dir = CONSOLE_BUILD_DIR): ConsoleBundle {
  const pagePath = join(dir, 'index.html');
  const page = existsSync(pagePath) ? readFileSync(pagePath) : undefined;
  const assets = new Map<string, ConsoleAsset>();
  const assetDir = join(dir, 'assets');
  if (existsSync(assetDir)) {
    for (const name of readdirSync(assetDir)) {
      if (name.endsWith('.gz')) continue;
      const type = TYPES[name.slice(name.lastIndexOf('.'))];
      if (type === undefined) continue;
      const gzipPath = join(assetDir, `${name}.gz`);
      assets.set(name, {
        body: readFileSync(join(assetDir, name)),
        contentType: type,
        ...(existsSync(gzipPath) ? { gzip: readFileSync(gzipPath) } : {}),
      });
    }
  }
  return { page, assets };
}
