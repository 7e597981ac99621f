/**
 * README.md documents every variable of every CRM module (proxy/crm/index.ts `CRM_MODULES`), with the
 * module's own words: the table between the crm-env markers is generated from `envVars`
 * (`npx tsx scripts/readme-env.ts` rewrites it).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CRM_MODULES } from '../../proxy/crm/index.ts';
import { crmEnvRows, crmEnvTable, generatedBlock, tableCells } from '../../scripts/lib/readme.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README: CRM variables', () => {
  it('lists every CRM module’s variables as the modules describe them', () => {
    const documented = tableCells(generatedBlock(readme).block);
    expect(documented).toEqual(crmEnvRows().map((row) => [row.crm, row.variable, row.meaning]));
    const variables = CRM_MODULES.flatMap((module) => Object.keys(module.envVars));
    expect(documented.map((row) => row[1])).toEqual(variables.map((name) => `\`${name}\``));
  });

  it('round-trips cells with pipes and angle brackets', () => {
    const rows = [{ crm: 'x', variable: 'A|B', meaning: 'https://crm.zoho.<tld>/crm' }];
    expect(tableCells(crmEnvTable(rows))).toEqual([['x', 'A|B', 'https://crm.zoho.<tld>/crm']]);
  });

  it('names CRM_PROVIDER with every supported CRM', () => {
    const row = readme.split('\n').find((line) => line.startsWith('| `CRM_PROVIDER`'));
    for (const module of CRM_MODULES) expect(row).toContain(`\`${module.id}\``);
  });
});
