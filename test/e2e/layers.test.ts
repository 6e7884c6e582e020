import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The layer rules of biome.json (docs/architecture.md): a file importing across a layer boundary
 * the wrong way fails the lint step that `npm test` runs. Each case lints a two-file project that
 * has the repository's biome.json and the importing file at its real path.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIOME = join(ROOT, 'node_modules/.bin/biome');

function lint(importer: string, specifier: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-layers-'));
  try {
    cpSync(join(ROOT, 'biome.json'), join(dir, 'biome.json'));
    const target = join(dir, dirname(importer), specifier.replace(/\.js$/, '.ts'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, 'export const value = 1;\n');
    mkdirSync(join(dir, dirname(importer)), { recursive: true });
    writeFileSync(join(dir, importer), `import { value } from '${specifier}';\n\nexport const copy = value;\n`);
    const result = spawnSync(BIOME, ['lint', importer], { cwd: dir, encoding: 'utf8' });
    return { status: result.status, output: result.stdout + result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the lint step enforces the layers', () => {
  const refused: [string, string, RegExp][] = [
    ['src/policy/evaluate.ts', '../store/index.js', /src\/policy\/ is the pure policy engine/],
    ['src/policy/evaluate.ts', '../errors.js', /src\/policy\/ is the pure policy engine/],
    ['src/model/principal.ts', '../auth/index.js', /src\/model\/ may import src\/policy\/ only/],
    ['src/store/types.ts', '../auth/index.js', /src\/store\/ may import src\/model\/ only/],
    [
      'src/analysis/snapshot/accountSnapshot.ts',
      '../../auth/storePolicyReader.js',
      /src\/analysis\/ may import policy, catalog, model and auth\/policies only/,
    ],
    ['src/analysis/validation/validatePolicy.ts', '../../store/index.js', /src\/analysis\//],
    ['src/auth/policies/gatherer.ts', '../../store/index.js', /src\/auth\/policies\/ reads through its PolicyReader/],
    ['src/auth/authorize.ts', '../services/index.js', /src\/auth\/ may import policy, catalog, model and store/],
    ['src/client/rolesAnywhere.ts', '../store/index.js', /src\/client\/ is what workloads import/],
    ['src/client/rolesAnywhere.ts', '../auth/index.js', /src\/client\/ is what workloads import/],
    ['src/services/sts/assumeRole.ts', '../iam/roles/roles.js', /only through src\/services\/shared\//],
    ['src/services/iam/users/users.ts', '../../sts/assumeRole.js', /only through src\/services\/shared\//],
    ['src/services/iam/users/users.ts', '../../../server/index.js', /only through src\/services\/shared\/|services never import the server/],
  ];
  for (const [importer, specifier, message] of refused) {
    it(`refuses ${importer} importing ${specifier}`, () => {
      const { status, output } = lint(importer, specifier);
      assert.equal(status, 1, output);
      assert.match(output, message);
    });
  }

  const allowed: [string, string][] = [
    ['src/model/principal.ts', '../policy/index.js'],
    ['src/analysis/snapshot/accountSnapshot.ts', '../../auth/policies/index.js'],
    ['src/services/sts/assumeRole.ts', '../shared/passRole.js'],
    ['src/services/iam/users/users.ts', '../roles/roleEntity.js'],
    ['src/services/iam/users/users.ts', '../../../store/index.js'],
    ['src/server/app.ts', '../services/index.js'],
  ];
  for (const [importer, specifier] of allowed) {
    it(`allows ${importer} importing ${specifier}`, () => {
      const { status, output } = lint(importer, specifier);
      assert.equal(status, 0, output);
    });
  }
});
