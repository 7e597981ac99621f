/**
 * Pure mapping of the Dynamics 365 provider (proxy/crm/dynamics/map.ts): every Web API error
 * → CrmError, Retry-After forms, OData literals, phone spellings, OData-EntityId, rows and column
 * definitions.
 */
import { describe, expect, it } from 'vitest';
import {
  CONTACTS,
  crmErrorFromResponse,
  entityIdFromHeader,
  LEADS,
  odataString,
  phoneSpellings,
  recordPageUrl,
  retryAfterMs,
  samePhone,
  toFieldInfo,
  toNativeRecord,
} from '../../../proxy/crm/dynamics/map.ts';
import { CrmError } from '../../../proxy/crm/types.ts';

const NOW = new Date('2026-11-02T12:00:00.000Z');
const body = (code: string, message: string) => ({ error: { code, message } });
const map = (status: number, errorBody: unknown, headers: Record<string, string> = {}) =>
  crmErrorFromResponse(status, errorBody, new Headers(headers), NOW);

describe('crmErrorFromResponse', () => {
  it.each([
    {
      name: 'duplicate detection (HTTP 500, 0x80040333)',
      status: 500,
      body: body(
        '0x80040333',
        'A record was not created or updated because a duplicate of the current record already exists.',
      ),
      expected: { kind: 'duplicate', vendorCode: '0x80040333', status: 500 },
    },
    {
      name: 'service protection 429 with Retry-After seconds',
      status: 429,
      body: body('0x80072322', 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.'),
      headers: { 'Retry-After': '5' },
      expected: { kind: 'rate_limited', retryAfterMs: 5000, vendorCode: '0x80072322' },
    },
    {
      name: 'execution time limit code without 429',
      status: 503,
      body: body(
        '0x80072321',
        'Combined execution time of incoming requests exceeded limit of 1,200,000 milliseconds over time window of 300 seconds.',
      ),
      expected: { kind: 'rate_limited', vendorCode: '0x80072321' },
    },
    {
      name: '401 with no body',
      status: 401,
      body: undefined,
      expected: { kind: 'auth_expired', message: 'Dynamics 365 rejected the access token' },
    },
    {
      name: '403 missing privilege',
      status: 403,
      body: body('0x80040220', 'Principal user is missing prvWriteContact privilege'),
      expected: {
        kind: 'auth_expired',
        message: 'Dynamics 365 refused access: Principal user is missing prvWriteContact privilege',
      },
    },
    {
      name: '404 record',
      status: 404,
      body: body('0x80040217', "Entity 'contact' With Id = 5a0a4d09-6d46-4fbd-9a5d-2d3e4f5a6b7c Does Not Exist"),
      expected: { kind: 'not_found', vendorCode: '0x80040217' },
    },
    {
      name: '412 precondition (If-Match)',
      status: 412,
      body: body('0x80060882', 'The version of the existing record does not match'),
      expected: { kind: 'not_found', status: 412 },
    },
    {
      name: 'unknown property in $select',
      status: 400,
      body: body('0x0', "Could not find a property named 'new_tier' on type 'Microsoft.Dynamics.CRM.contact'."),
      expected: { kind: 'invalid_field', field: 'new_tier' },
    },
    {
      name: 'unknown property in a body',
      status: 400,
      body: body(
        '0x80060888',
        "The property 'new_tier' does not exist on type 'Microsoft.Dynamics.CRM.contact'. Make sure to only use property names that are defined by the type or mark the type as open type.",
      ),
      expected: { kind: 'invalid_field', field: 'new_tier', vendorCode: '0x80060888' },
    },
    {
      name: '"Invalid property" wording',
      status: 400,
      body: body('0x80048d19', "Invalid property 'NoSuchField__x' was found in entity 'Microsoft.Dynamics.CRM.lead'."),
      expected: { kind: 'invalid_field', field: 'NoSuchField__x' },
    },
    {
      name: 'a value too long',
      status: 400,
      body: body(
        '0x80044331',
        "A validation error occurred. The length of the 'jobtitle' attribute of the 'contact' entity exceeded the maximum allowed length of '100'.",
      ),
      expected: { kind: 'validation', field: 'jobtitle', vendorCode: '0x80044331' },
    },
    {
      name: 'another refused value',
      status: 400,
      body: body('0x80040203', 'Invalid argument.'),
      expected: { kind: 'validation', message: 'Invalid argument.' },
    },
    {
      name: '502 gateway',
      status: 502,
      body: 'Bad Gateway',
      expected: { kind: 'unavailable', message: 'Dynamics 365 is unavailable (HTTP 502)' },
    },
    {
      name: 'an unexpected 418',
      status: 418,
      body: undefined,
      expected: { kind: 'unknown', message: 'Dynamics 365 answered HTTP 418' },
    },
  ])('$name', ({ status, body: errorBody, headers, expected }) => {
    const error = map(status, errorBody, headers);
    expect(error).toBeInstanceOf(CrmError);
    expect(error).toMatchObject({ provider: 'dynamics', status, ...expected });
    expect(error.message.length).toBeGreaterThan(5);
  });

  it('keeps the vendor message of a 400 even when it names no column', () => {
    expect(map(400, body('0x0', 'Syntax error at position 9')).field).toBeUndefined();
  });
});

describe('retryAfterMs', () => {
  const headers = (value: string) => new Headers({ 'Retry-After': value });
  it('reads seconds, a TimeSpan and an HTTP date', () => {
    expect(retryAfterMs(headers('12'), NOW)).toBe(12_000);
    expect(retryAfterMs(headers('0.5'), NOW)).toBe(500);
    expect(retryAfterMs(headers('00:01:30'), NOW)).toBe(90_000);
    expect(retryAfterMs(headers('1.00:00:00'), NOW)).toBe(86_400_000);
    expect(retryAfterMs(headers('Mon, 02 Nov 2026 12:00:30 GMT'), NOW)).toBe(30_000);
    expect(retryAfterMs(new Headers(), NOW)).toBeUndefined();
    expect(retryAfterMs(headers('soon'), NOW)).toBeUndefined();
  });
});

describe('OData literals and ids', () => {
  it('doubles single quotes inside a string literal', () => {
    expect(odataString("o'brien@example.com")).toBe("'o''brien@example.com'");
    expect(odataString("''")).toBe("''''''");
    expect(odataString('plain')).toBe("'plain'");
  });

  it('reads the GUID of an OData-EntityId header', () => {
    expect(
      entityIdFromHeader('https://org.crm.dynamics.com/api/data/v9.2/leads(7EB682F1-CA75-E511-80D4-00155D2A68D1)'),
    ).toBe('7eb682f1-ca75-e511-80d4-00155d2a68d1');
    expect(entityIdFromHeader('https://org.crm.dynamics.com/api/data/v9.2/leads')).toBeNull();
    expect(entityIdFromHeader(null)).toBeNull();
  });

  it('builds the form URL of a contact or a lead', () => {
    expect(recordPageUrl('https://org.crm.dynamics.com/', 'lead', 'abc')).toBe(
      'https://org.crm.dynamics.com/main.aspx?etn=lead&id=abc&pagetype=entityrecord',
    );
  });
});

describe('phones', () => {
  it('lists the usual spellings of a number', () => {
    expect(phoneSpellings('+16465550142')).toEqual(
      expect.arrayContaining([
        '+16465550142',
        '+1 646 555 0142',
        '+1-646-555-0142',
        '+1 (646) 555-0142',
        '(646) 555-0142',
        '646-555-0142',
        '646.555.0142',
        '646 555 0142',
        '6465550142',
        '16465550142',
      ]),
    );
    expect(phoneSpellings('+442079460958')).toEqual(expect.arrayContaining(['+44 20 7946 0958', '020 7946 0958']));
    expect(phoneSpellings('not a phone')).toEqual(['not a phone']);
  });

  it('recognises a stored number in any spelling, in the number’s own region', () => {
    expect(samePhone('(646) 555-0142', '+16465550142')).toBe(true);
    expect(samePhone('646.555.0142', '+16465550142')).toBe(true);
    expect(samePhone('020 7946 0958', '+442079460958')).toBe(true);
    expect(samePhone('(646) 555-0143', '+16465550142')).toBe(false);
    expect(samePhone(null, '+16465550142')).toBe(false);
  });
});

describe('rows and column definitions', () => {
  it('maps a row: values stringified, blanks null, the contact company from the expanded account', () => {
    const record = toNativeRecord(
      {
        '@odata.etag': 'W/"1"',
        contactid: 'BFA95168-330D-47C2-A4EB-4D01C5718A91',
        firstname: 'Jonas',
        jobtitle: '',
        preferredcontactmethodcode: 2,
        donotemail: false,
        modifiedon: '2026-10-03T11:20:00Z',
        parentcustomerid_account: { name: 'Globex Corporation', accountid: '8340cc86-aca6-4c31-8629-c25b295be63d' },
      },
      CONTACTS,
      ['firstname', 'jobtitle', 'preferredcontactmethodcode', 'donotemail', 'companyname', 'telephone1', 'modifiedon'],
    );
    expect(record).toEqual({
      id: 'bfa95168-330d-47c2-a4eb-4d01c5718a91',
      objectType: 'contact',
      updatedAt: '2026-10-03T11:20:00Z',
      values: {
        firstname: 'Jonas',
        jobtitle: null,
        preferredcontactmethodcode: '2',
        donotemail: 'false',
        companyname: 'Globex Corporation',
        telephone1: null,
        modifiedon: '2026-10-03T11:20:00Z',
      },
      contactPoints: { emails: [], phones: [] },
    });
    // Every email and phone column named as a contact column becomes a contact point (blanks left out).
    expect(
      toNativeRecord(
        {
          contactid: record.id,
          emailaddress1: 'a@x.com',
          emailaddress2: 'b@x.com',
          telephone1: '',
          mobilephone: '646-555-0142',
        },
        CONTACTS,
        ['emailaddress1'],
        { emails: ['emailaddress1', 'emailaddress2'], phones: ['telephone1', 'mobilephone'] },
      ).contactPoints,
    ).toEqual({ emails: ['a@x.com', 'b@x.com'], phones: ['646-555-0142'] });
    // A lead's companyname is its own column; a contact without an account has no company.
    expect(
      toNativeRecord({ leadid: record.id, companyname: 'Initech' }, LEADS, ['companyname']).values.companyname,
    ).toBe('Initech');
    expect(
      toNativeRecord({ contactid: record.id, parentcustomerid_account: null }, CONTACTS, ['companyname']).values
        .companyname,
    ).toBeNull();
  });

  it('refuses a row without its primary key', () => {
    expect(() => toNativeRecord({ firstname: 'x' }, CONTACTS, [])).toThrow(CrmError);
  });

  it('maps column definitions: writable per operation, lookups read-only, shadows dropped', () => {
    const label = (text: string) => ({ UserLocalizedLabel: { Label: text } });
    const jobtitle = {
      LogicalName: 'jobtitle',
      AttributeType: 'String',
      DisplayName: label('Job Title'),
      IsValidForCreate: true,
      IsValidForUpdate: false,
    };
    expect(toFieldInfo(jobtitle, CONTACTS, 'Text', undefined)).toEqual({
      name: 'jobtitle',
      label: 'Job Title',
      type: 'string',
      writable: false,
    });
    expect(toFieldInfo(jobtitle, LEADS, 'Text', undefined)?.writable).toBe(true);
    expect(
      toFieldInfo(
        { LogicalName: 'parentcustomerid', AttributeType: 'Customer', IsValidForUpdate: true },
        CONTACTS,
        undefined,
        undefined,
      ),
    ).toMatchObject({
      name: '_parentcustomerid_value',
      writable: false,
    });
    expect(
      toFieldInfo(
        { LogicalName: 'parentcustomeridname', AttributeType: 'String', AttributeOf: 'parentcustomerid' },
        CONTACTS,
        undefined,
        undefined,
      ),
    ).toBeNull();
    expect(
      toFieldInfo(
        { LogicalName: 'leadsourcecode', AttributeType: 'Picklist', IsValidForCreate: true },
        LEADS,
        undefined,
        [1, 8],
      ),
    ).toMatchObject({
      type: 'enumeration',
      options: ['1', '8'],
      label: 'leadsourcecode',
    });
    expect(
      toFieldInfo({ LogicalName: 'emailaddress1', AttributeType: 'String' }, CONTACTS, 'Email', undefined)?.type,
    ).toBe('email');
    expect(toFieldInfo({ LogicalName: 'revenue', AttributeType: 'Money' }, CONTACTS, undefined, undefined)?.type).toBe(
      'number',
    );
  });
});
