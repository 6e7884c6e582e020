/**
 * A file of an export that cannot be read: which file, where in it (a JSON path such as
 * `$.RoleDetailList[3].RoleName`, a CSV `line 4, column user`, or empty for the file as a whole)
 * and what was expected there. Import and analysis stop at the first one: nothing is half-read.
 */
export class ExportError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly expected: string,
  ) {
    super(path === '' ? `${file}: ${expected}` : `${file}: ${path}: expected ${expected}`);
    this.name = 'ExportError';
  }
}

/** A JSON path step: `.Member` or `[index]`. */
export function member(path: string, name: string | number): string {
  return typeof name === 'number' ? `${path}[${name}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}
