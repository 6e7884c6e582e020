import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { operationsMarkdown } from './operationsTable.js';

it('docs/operations.md is what the registry and the models say (run `npm run docs:operations` after adding an operation)', () => {
  const committed = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
  assert.equal(committed, operationsMarkdown());
  // Spot checks that the table reads the registry: a few implemented operations and a missing one.
  assert.match(committed, /\| CreateUser \| implemented \|/);
  assert.match(committed, /\| AssumeRole \| implemented \|/);
  assert.match(committed, /\| CreateServiceLinkedAnalyzer \| not yet \|/);
});
