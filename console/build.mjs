// Builds the web console into dist/console/: one HTML page and its hashed, gzip'd assets.
// esbuild bundles the TypeScript/JSX (Preact) and the CSS; nothing is fetched at run time.
// Run by `npm run build:console` and by `npm ci` (package.json's prepare).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

/** Builds the console into `outDir` (default dist/console); returns the page's asset names. */
export async function buildConsole(outDir = join(root, 'dist', 'console')) {
  const assets = join(outDir, 'assets');
  await rm(outDir, { recursive: true, force: true });
  await mkdir(assets, { recursive: true });
  const result = await build({
    entryPoints: { main: join(here, 'src', 'main.tsx') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: assets,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    loader: { '.svg': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  let script;
  let style;
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (output.entryPoint === undefined || !output.entryPoint.endsWith('src/main.tsx')) continue;
    script = basename(file);
    if (output.cssBundle !== undefined) style = basename(output.cssBundle);
  }
  const icon = await readFile(join(here, 'src', 'icon.svg'));
  await writeFile(join(assets, 'icon.svg'), icon);
  // The one page every console URL answers with. No inline script or style: the CSP forbids both.
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Gatehouse console</title>
<link rel="icon" href="/_gatehouse/console/assets/icon.svg" type="image/svg+xml">
${style !== undefined ? `<link rel="stylesheet" href="/_gatehouse/console/assets/${style}">\n` : ''}<script type="module" src="/_gatehouse/console/assets/${script}"></script>
</head>
<body>
<div id="app"><noscript>The Gatehouse console needs JavaScript. The AWS CLI and SDKs work without it.</noscript></div>
</body>
</html>
`;
  await writeFile(join(outDir, 'index.html'), page);
  for (const file of Object.keys(result.metafile.outputs)) {
    const body = await readFile(file);
    await writeFile(`${file}.gz`, gzipSync(body, { level: 9 }));
  }
  return { script, style };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const { script } = await buildConsole(process.argv[2]);
  process.stdout.write(`console built (${script}) in ${Date.now() - started} ms\n`);
}
