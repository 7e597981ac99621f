/**
 * `npx tsx scripts/readme-env.ts`: rewrites the README's table of CRM variables from every CRM
 * module's `envVars` (see scripts/lib/readme.ts), formatted with Prettier. `--check` only compares:
 * exit 1 (naming the first difference) when the README is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { crmEnvRows, generatedBlock, tableCells, withCrmEnvTable } from './lib/readme.ts';
import { ROOT } from './lib/paths.ts';

const { values: args } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const file = path.join(ROOT, 'README.md');
const readme = readFileSync(file, 'utf8');

if (args.check) {
  const documented = tableCells(generatedBlock(readme).block);
  const expected = crmEnvRows().map((row) => [row.crm, row.variable, row.meaning]);
  const first = expected.findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(documented[i]));
  if (first >= 0 || documented.length !== expected.length) {
    const at = first >= 0 ? first : expected.length;
    console.error(
      `README.md's CRM variables are out of date (row ${at + 1}: README ${JSON.stringify(documented[at] ?? null)}, ` +
        `modules ${JSON.stringify(expected[at] ?? null)}). Run \`npx tsx scripts/readme-env.ts\`.`,
    );
    process.exit(1);
  }
  console.log(`README.md documents all ${expected.length} CRM variables.`);
} else {
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(withCrmEnvTable(readme), { ...options, filepath: file }));
  console.log(`Wrote the table of ${crmEnvRows().length} CRM variables into README.md.`);
}
