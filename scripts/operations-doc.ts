/**
 * Writes docs/operations.md, the table of supported operations per service (npm run docs:operations).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { operationsMarkdown } from '../src/services/operationsTable.js';

const target = fileURLToPath(new URL('../docs/operations.md', import.meta.url));
writeFileSync(target, operationsMarkdown());
process.stdout.write(`wrote ${target}\n`);
