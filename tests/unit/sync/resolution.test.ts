import { describe, expect, it } from 'vitest';
import type { FieldMapping } from '../../../lib/contracts/index.ts';
import { type PlannedConflict, planResolution, type ResolutionInput } from '../../../lib/sync/index.ts';
import { deepFreeze, GB, HUBSPOT_MAPPING, US } from './fixtures.ts';

const mappingOf = (field: FieldMapping['field']) => HUBSPOT_MAPPING.find((m) => m.field === field)!;

const company: PlannedConflict = {
  field: 'company',
  crmFields: ['company'],
  crmValue: 'Globex Corporation',
  chatValue: 'Globex',
};

function resolve(overrides: Partial<ResolutionInput> & Pick<ResolutionInput, 'current'>) {
  return planResolution({
    conflict: company,
    choice: 'chat',
    mapping: mappingOf('company'),
    options: US,
    ...overrides,
  });
}

describe('planResolution', () => {
  describe('the CRM still holds the value the agent saw', () => {
    it('Use chat value → write the chat value to the mapped field', () => {
      expect(resolve({ current: { company: 'Globex Corporation' } })).toEqual({
        kind: 'write',
        properties: { company: 'Globex' },
        write: { field: 'company', crmFields: ['company'], value: 'Globex' },
      });
    });

    it('Keep CRM value → keep (nothing to write)', () => {
      expect(resolve({ choice: 'crm', current: { company: 'Globex Corporation' } })).toEqual({ kind: 'keep' });
    });

    it('"still holds" is judged after normalisation', () => {
      expect(resolve({ current: { company: ' Globex\u00a0Corporation ' } }).kind).toBe('write');
      expect(resolve({ choice: 'crm', current: { company: 'Globex  Corporation' } }).kind).toBe('keep');
    });
  });

  describe('the CRM changed since the agent looked', () => {
    it.each(['chat', 'crm'] as const)('choice %s → stale with the current value, nothing written', (choice) => {
      expect(resolve({ choice, current: { company: ' Globex  Inc ' } })).toEqual({
        kind: 'stale',
        crmValue: 'Globex Inc',
      });
    });

    it('a case change on a case-sensitive field is a change', () => {
      expect(resolve({ current: { company: 'GLOBEX CORPORATION' } })).toEqual({
        kind: 'stale',
        crmValue: 'GLOBEX CORPORATION',
      });
    });
  });

  describe('the CRM now holds the chat value', () => {
    it.each(['chat', 'crm'] as const)('choice %s → obsolete', (choice) => {
      expect(resolve({ choice, current: { company: 'Globex' } })).toEqual({ kind: 'obsolete' });
    });

    it('after normalisation: phone spelling, email case, name case', () => {
      const phone: PlannedConflict = {
        field: 'phone',
        crmFields: ['phone'],
        crmValue: '+12125550198',
        chatValue: '+12125550199',
      };
      expect(
        planResolution({
          conflict: phone,
          choice: 'chat',
          current: { phone: '(212) 555-0199' },
          mapping: mappingOf('phone'),
          options: US,
        }),
      ).toEqual({ kind: 'obsolete' });

      const email: PlannedConflict = {
        field: 'email',
        crmFields: ['email'],
        crmValue: 'old@x.com',
        chatValue: 'new@x.com',
      };
      expect(
        planResolution({
          conflict: email,
          choice: 'crm',
          current: { email: 'NEW@X.COM' },
          mapping: mappingOf('email'),
          options: US,
        }),
      ).toEqual({ kind: 'obsolete' });

      const name: PlannedConflict = {
        field: 'name',
        crmFields: ['firstname', 'lastname'],
        crmValue: 'Mary Parker',
        chatValue: 'Mary Jane Watson',
      };
      expect(
        planResolution({
          conflict: name,
          choice: 'chat',
          current: { firstname: 'mary', lastname: 'jane watson' },
          mapping: mappingOf('name'),
          options: US,
        }),
      ).toEqual({ kind: 'obsolete' });
    });
  });

  describe('the CRM value is now blank', () => {
    it.each([[{}], [{ company: null }], [{ company: '  ' }], [{ company: '\u00a0' }]])(
      'choice chat → write (filling a blank is always safe): %j',
      (current) => {
        expect(resolve({ current })).toEqual({
          kind: 'write',
          properties: { company: 'Globex' },
          write: { field: 'company', crmFields: ['company'], value: 'Globex' },
        });
      },
    );

    it('choice crm → stale with crmValue "" (the kept value is gone)', () => {
      expect(resolve({ choice: 'crm', current: { company: '' } })).toEqual({ kind: 'stale', crmValue: '' });
    });
  });

  describe('names', () => {
    const name: PlannedConflict = {
      field: 'name',
      crmFields: ['firstname', 'lastname'],
      crmValue: 'Mary Parker',
      chatValue: 'Mary Jane Watson',
    };
    const resolveName = (current: ResolutionInput['current'], choice: 'chat' | 'crm' = 'chat', chatValue?: string) =>
      planResolution({
        conflict: chatValue ? { ...name, chatValue } : name,
        choice,
        current,
        mapping: mappingOf('name'),
        options: US,
      });

    it('Use chat value splits the name over first and last', () => {
      expect(resolveName({ firstname: 'Mary', lastname: 'Parker' })).toEqual({
        kind: 'write',
        properties: { firstname: 'Mary Jane', lastname: 'Watson' },
        write: { field: 'name', crmFields: ['firstname', 'lastname'], value: 'Mary Jane Watson' },
      });
    });

    it('a one-word chat name clears the first name', () => {
      expect(resolveName({ firstname: 'Mary', lastname: 'Parker' }, 'chat', 'Cher')).toMatchObject({
        kind: 'write',
        properties: { firstname: '', lastname: 'Cher' },
      });
    });

    it('compares the joined CRM name case-insensitively', () => {
      expect(resolveName({ firstname: 'MARY', lastname: 'parker' }, 'crm')).toEqual({ kind: 'keep' });
    });

    it('a CRM name re-split the same way is not a change', () => {
      expect(resolveName({ firstname: 'Mary Parker', lastname: '' }, 'crm')).toEqual({ kind: 'keep' });
    });

    it('a changed part makes it stale with the joined current name', () => {
      expect(resolveName({ firstname: 'Mary', lastname: 'Parker-Watson' })).toEqual({
        kind: 'stale',
        crmValue: 'Mary Parker-Watson',
      });
    });
  });

  it('writes phones as E.164 in the team region', () => {
    const phone: PlannedConflict = {
      field: 'phone',
      crmFields: ['phone'],
      crmValue: '+442079460000',
      chatValue: '020 7946 0958',
    };
    expect(
      planResolution({
        conflict: phone,
        choice: 'chat',
        current: { phone: '020 7946 0000' },
        mapping: mappingOf('phone'),
        options: GB,
      }),
    ).toEqual({
      kind: 'write',
      properties: { phone: '+442079460958' },
      write: { field: 'phone', crmFields: ['phone'], value: '+442079460958' },
    });
  });

  it('an unparseable CRM phone compares as text', () => {
    const phone: PlannedConflict = {
      field: 'phone',
      crmFields: ['phone'],
      crmValue: 'ask reception',
      chatValue: '+14155550100',
    };
    const input = { conflict: phone, mapping: mappingOf('phone'), options: US };
    expect(planResolution({ ...input, choice: 'chat', current: { phone: ' ask  reception' } }).kind).toBe('write');
    expect(planResolution({ ...input, choice: 'crm', current: { phone: 'ask the desk' } })).toEqual({
      kind: 'stale',
      crmValue: 'ask the desk',
    });
  });

  it('uses the mapping given, not the conflict, for the CRM field names', () => {
    const mapping: FieldMapping = { field: 'company', crmFields: ['Account_Name'], direction: 'both', policy: 'queue' };
    expect(resolve({ mapping, current: { Account_Name: 'Globex Corporation', company: 'ignored' } })).toMatchObject({
      kind: 'write',
      properties: { Account_Name: 'Globex' },
    });
  });

  it('refuses a mapping of another field', () => {
    expect(() => resolve({ mapping: mappingOf('jobTitle'), current: {} })).toThrow(/Company conflict/);
  });

  it('refuses to write through a from_crm mapping, but Keep CRM value still works', () => {
    const mapping: FieldMapping = { ...mappingOf('company'), direction: 'from_crm' };
    expect(() => resolve({ mapping, current: { company: 'Globex Corporation' } })).toThrow(/mapped from the CRM only/);
    expect(resolve({ mapping, choice: 'crm', current: { company: 'Globex Corporation' } })).toEqual({ kind: 'keep' });
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({
      conflict: { ...company },
      choice: 'chat' as const,
      current: { company: 'Globex Corporation' },
      mapping: { ...mappingOf('company') },
      options: { ...US },
    });
    const before = structuredClone(input);
    planResolution(input);
    expect(input).toEqual(before);
  });
});
