import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running the module `file`: the built `.js` directly, or, when Gatehouse runs
 * from its TypeScript sources (tsx: the test suite), the `.ts` file with tsx registered in the
 * worker first (a worker does not inherit the loader of the thread that starts it).
 */
export function moduleWorker(file: string, options: WorkerOptions = {}): Worker {
  if (file.endsWith('.js')) return new Worker(file, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** The file of a module beside `callerUrl` (import.meta.url), with the caller's extension. */
export function besideModule(callerUrl: string, name: string): string {
  const here = fileURLToPath(callerUrl);
  return here.replace(/[^/]+\.(ts|js)$/, (_m, ext: string) => `${name}.${ext}`);
}
