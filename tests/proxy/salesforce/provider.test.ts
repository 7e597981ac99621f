/**
 * The Salesforce provider against the Salesforce sandbox, in-process (sandbox.fetch), plus a few
 * hand-made vendor responses (outages, wrong shapes) the sandbox never sends.
 */
import { describe, expect, it } from 'vitest';
import {
  createSalesforceProvider,
  lastNameFallback,
  NOT_PROVIDED,
  SALESFORCE_BATCH_LIMIT,
  salesforceDefaultMapping,
  toId18,
  UNREADABLE_RESPONSE,
} from '../../../proxy/crm/salesforce/index.ts';
import { SEED_CONTACTS, SEED_LEADS } from '../../../proxy/sandbox/salesforce/index.ts';
import { CONTACT_FIELDS, crmError, fakeFetch, json, LEAD_FIELDS, MOUNT, queries, setup } from './support.ts';

/** A well-formed Lead id the sandbox does not have. */
const MISSING_LEAD = toId18('00QHs0000000999');

describe('Salesforce provider: fields', () => {
  it('describes Contact fields with types, writability and picklist options, plus the Account name', async () => {
    const { provider } = setup();
    const fields = await provider.describeFields();
    const byName = new Map(fields.map((f) => [f.name, f]));

    expect(byName.get('Email')).toEqual({ name: 'Email', label: 'Email', type: 'email', writable: true });
    expect(byName.get('Phone')).toMatchObject({ label: 'Business Phone', type: 'phone', writable: true });
    expect(byName.get('Title')).toMatchObject({ type: 'string', writable: true });
    expect(byName.get('Description')).toMatchObject({ type: 'text', writable: true });
    expect(byName.get('MailingCity')).toMatchObject({ type: 'string', writable: true });
    expect(byName.get('Salutation')).toMatchObject({
      type: 'enumeration',
      options: expect.arrayContaining(['Dr.', 'Ms.']),
    });
    expect(byName.get('Name')).toMatchObject({ writable: false });
    expect(byName.get('LastModifiedDate')).toMatchObject({ type: 'datetime', writable: false });
    expect(byName.get('Account.Name')).toEqual({
      name: 'Account.Name',
      label: 'Account Name',
      type: 'string',
      writable: false,
    });
    // The sandbox org, like many, has no TimeZone__c: the planner skips the time zone with a warning.
    expect(byName.has('TimeZone__c')).toBe(false);
  });

  it('describes Lead fields when working leads: Company writable, no Account lookup', async () => {
    const { provider } = setup({}, { primaryObject: 'Lead' });
    const fields = new Map((await provider.describeFields()).map((f) => [f.name, f]));
    expect(fields.get('Company')).toMatchObject({ type: 'string', writable: true });
    expect(fields.get('Status')?.options).toContain('Open - Not Contacted');
    expect(fields.has('Account.Name')).toBe(false);
    expect(fields.has('MailingCity')).toBe(false);
    expect(fields.get('City')).toMatchObject({ writable: true });
  });

  it('offers the default mappings the issue names', () => {
    expect(salesforceDefaultMapping('Contact')).toEqual([
      { field: 'email', crmFields: ['Email'] },
      { field: 'name', crmFields: ['FirstName', 'LastName'] },
      { field: 'phone', crmFields: ['Phone'] },
      { field: 'company', crmFields: ['Account.Name'], direction: 'from_crm' },
      { field: 'jobTitle', crmFields: ['Title'] },
      { field: 'location', crmFields: ['MailingCity'], direction: 'to_crm' },
      { field: 'timeZone', crmFields: ['TimeZone__c'], direction: 'to_crm' },
      { field: 'notes', crmFields: ['Description'] },
    ]);
    const lead = salesforceDefaultMapping('Lead');
    expect(lead.find((m) => m.field === 'company')).toEqual({ field: 'company', crmFields: ['Company'] });
    expect(lead.find((m) => m.field === 'location')).toEqual({
      field: 'location',
      crmFields: ['City'],
      direction: 'to_crm',
    });
  });

  it('reports what it creates', () => {
    expect(setup().provider).toMatchObject({
      id: 'salesforce',
      label: 'Salesforce',
      createsObjectType: 'contact',
      reportsExistingLeads: false,
    });
    expect(setup({}, { primaryObject: 'Lead' }).provider.createsObjectType).toBe('lead');
  });
});

describe('Salesforce provider: reading', () => {
  it('gets a contact by id with its Account name as the company; fields the org lacks read as null', async () => {
    const { provider, sandbox } = setup();
    const record = await provider.getById(SEED_CONTACTS.jonas, CONTACT_FIELDS);

    expect(record).toEqual({
      id: SEED_CONTACTS.jonas,
      objectType: 'contact',
      updatedAt: '2026-10-03T11:20:00.000Z',
      values: {
        Email: 'jonas.berg@example.com',
        FirstName: 'Jonas',
        LastName: 'Berg',
        Phone: '+1 212 555 0199',
        'Account.Name': 'Globex Corporation',
        Title: 'CTO',
        MailingCity: 'New York',
        TimeZone__c: null,
        Description: null,
      },
      contactPoints: { emails: ['jonas.berg@example.com'], phones: ['+1 212 555 0199'] },
    });
    // Relationship paths are SOQL: the read is a query by Id, and TimeZone__c is not asked for. Every
    // email and phone field of the object (the org's custom secondary email too) is read along.
    const [soql] = queries(sandbox);
    expect(soql).toBe(
      `SELECT Id, Email, FirstName, LastName, Phone, Account.Name, Title, MailingCity, Description, Secondary_Email__c, MobilePhone, LastModifiedDate FROM Contact WHERE Id = '${SEED_CONTACTS.jonas}' ORDER BY LastModifiedDate DESC LIMIT 1`,
    );
  });

  it('reads the field list once and reuses it', async () => {
    const { provider, calls } = setup();
    await provider.getById(SEED_CONTACTS.jonas, CONTACT_FIELDS);
    await provider.findByEmail('priya.patel@example.com', CONTACT_FIELDS);
    await provider.describeFields();
    expect(calls().filter((c) => c.endsWith('/describe'))).toHaveLength(1);
  });

  it('accepts a 15-character id', async () => {
    const { provider } = setup();
    const record = await provider.getById(SEED_CONTACTS.priya.slice(0, 15), CONTACT_FIELDS);
    expect(record?.id).toBe(SEED_CONTACTS.priya);
  });

  it('answers null for an id Salesforce does not have, and for a malformed id without asking', async () => {
    const { provider, sandbox, calls } = setup();
    await expect(provider.getById('003Hs0000000999IAA', CONTACT_FIELDS)).resolves.toBeNull();
    sandbox.clearRequests();
    await expect(provider.getById("003' OR Id != '", CONTACT_FIELDS)).resolves.toBeNull();
    await expect(provider.getById('', CONTACT_FIELDS)).resolves.toBeNull();
    expect(calls()).toEqual([]);
  });

  it('reads a lead by id through sObject Rows when no relationship field is asked for', async () => {
    const { provider, sandbox } = setup({}, { primaryObject: 'Lead' });
    const record = await provider.getById(SEED_LEADS.olivia, LEAD_FIELDS);
    expect(record).toMatchObject({
      id: SEED_LEADS.olivia,
      objectType: 'lead',
      values: {
        Company: 'Stone & Co',
        Title: 'Founder',
        Email: 'olivia.stone@example.com',
        City: null,
        TimeZone__c: null,
      },
    });
    const get = sandbox.requests.find((r) => r.path === `/services/data/v62.0/sobjects/Lead/${SEED_LEADS.olivia}`);
    expect(new URLSearchParams(get?.query).get('fields')?.split(',')).toEqual([
      'Id',
      'Email',
      'FirstName',
      'LastName',
      'Phone',
      'Company',
      'Title',
      'City',
      'Description',
      'Secondary_Email__c',
      'MobilePhone',
      'LastModifiedDate',
    ]);
    await expect(provider.getById(MISSING_LEAD, LEAD_FIELDS)).resolves.toBeNull();
  });

  it('reads a record of the other object when its id or the object type says so', async () => {
    const { provider } = setup();
    const lead = await provider.getById(SEED_LEADS.jonas, CONTACT_FIELDS);
    expect(lead).toMatchObject({
      objectType: 'lead',
      values: { Email: 'jonas.berg@example.com', 'Account.Name': null },
    });
    await expect(provider.getById(SEED_CONTACTS.jonas, CONTACT_FIELDS, 'lead')).resolves.toBeNull();
  });

  it('finds a contact by email whatever its case, with an escaped SOQL literal', async () => {
    const { provider, sandbox } = setup();
    const found = await provider.findByEmail('PRIYA.PATEL@Example.com', CONTACT_FIELDS);
    expect(found.map((r) => r.id)).toEqual([SEED_CONTACTS.priya]);
    expect(found[0]?.values).toMatchObject({ FirstName: 'Priya', Phone: null, 'Account.Name': null });
    // Every email field of the object: Email and the org's custom Secondary_Email__c.
    expect(queries(sandbox).at(-1)).toContain(
      "FROM Contact WHERE Email = 'PRIYA.PATEL@Example.com' OR Secondary_Email__c = 'PRIYA.PATEL@Example.com' ORDER BY LastModifiedDate DESC LIMIT 200",
    );
  });

  it('reads the company from the Account, never from the contact', async () => {
    const { provider } = setup();
    const [olivia] = await provider.findByEmail('olivia.stone@example.com', CONTACT_FIELDS);
    const [lin] = await provider.findByEmail('lin.chen@example.com', CONTACT_FIELDS);
    expect(olivia?.values['Account.Name']).toBe('Stone & Co');
    expect(lin?.values['Account.Name']).toBe('<img src=x onerror=alert(1)>');
  });

  it('finds contacts by phone whatever spelling Salesforce stored', async () => {
    const { provider, sandbox } = setup();
    expect((await provider.findByPhone('+16465550142', CONTACT_FIELDS)).map((r) => r.id)).toEqual([SEED_CONTACTS.sam]);
    expect((await provider.findByPhone('+12125550199', CONTACT_FIELDS)).map((r) => r.id)).toEqual([
      SEED_CONTACTS.jonas,
    ]);
    // Both Dana Cruz records, the more recently modified first.
    expect((await provider.findByPhone('+13035550177', CONTACT_FIELDS)).map((r) => r.id)).toEqual([
      SEED_CONTACTS.danaNewer,
      SEED_CONTACTS.danaOlder,
    ]);
    const soql = queries(sandbox).at(-1)!;
    expect(soql).toContain("Phone IN ('+13035550177', '+1 303 555 0177', '+1-303-555-0177', '(303) 555-0177'");
    expect(soql).toContain("OR MobilePhone IN ('+13035550177'");
    expect(await provider.findByPhone('+14155550199', CONTACT_FIELDS)).toEqual([]);
  });

  it('finds a contact by its mobile phone, typed with dots', async () => {
    const { provider, sandbox } = setup();
    sandbox.testing.edit(SEED_CONTACTS.priya, { MobilePhone: '415.555.0134' });
    const found = await provider.findByPhone('+14155550134', CONTACT_FIELDS);
    expect(found.map((r) => r.id)).toEqual([SEED_CONTACTS.priya]);
  });

  it('finds leads when working leads', async () => {
    const { provider } = setup({}, { primaryObject: 'Lead' });
    const found = await provider.findByEmail('jonas.berg@example.com', LEAD_FIELDS);
    expect(found).toEqual([
      expect.objectContaining({
        id: SEED_LEADS.jonas,
        objectType: 'lead',
        values: expect.objectContaining({ Company: 'Globex Corporation', City: 'New York' }),
      }),
    ]);
    expect((await provider.findByPhone('+16465550142', LEAD_FIELDS)).map((r) => r.id)).toEqual([SEED_LEADS.sam]);
  });
});

describe('Salesforce provider: SOQL injection', () => {
  it("finds an email with a quote in it exactly: o'brien@example.com", async () => {
    const { provider, sandbox } = setup();
    const id = sandbox.testing.insert({ Email: "o'brien@example.com", FirstName: 'Aoife', LastName: "O'Brien" });
    sandbox.testing.insert({ Email: 'obrien@example.com', LastName: 'Other' });
    const found = await provider.findByEmail("o'brien@example.com", CONTACT_FIELDS);
    expect(found.map((r) => r.id)).toEqual([id]);
    expect(found[0]?.values.LastName).toBe("O'Brien");
    expect(queries(sandbox).at(-1)).toContain("WHERE Email = 'o\\'brien@example.com'");
  });

  it("an attempt to widen the query (x\\' OR Name != ') finds nothing and breaks nothing", async () => {
    const { provider, sandbox } = setup();
    await expect(provider.findByEmail("x\\' OR Name != '", CONTACT_FIELDS)).resolves.toEqual([]);
    await expect(provider.findByEmail("' OR Email != '", CONTACT_FIELDS)).resolves.toEqual([]);
    await expect(provider.findByEmail("x' OR LastName LIKE '%", CONTACT_FIELDS)).resolves.toEqual([]);
    await expect(provider.findByPhone("+1' OR Phone != '", CONTACT_FIELDS)).resolves.toEqual([]);
    expect(sandbox.requests.every((r) => r.status === 200)).toBe(true);
    expect(queries(sandbox)[0]).toContain("WHERE Email = 'x\\\\\\' OR Name != \\''");
  });

  it('matches a value with a backslash, newline or double quote literally', async () => {
    const { provider, sandbox } = setup();
    const id = sandbox.testing.insert({ Email: 'back\\slash"q@example.com', LastName: 'Slash' });
    const found = await provider.findByEmail('back\\slash"q@example.com', CONTACT_FIELDS);
    expect(found.map((r) => r.id)).toEqual([id]);
    await expect(provider.findByEmail('a\nb@example.com', CONTACT_FIELDS)).resolves.toEqual([]);
  });
});

describe('Salesforce provider: writing', () => {
  it('creates a contact and reads it back', async () => {
    const { provider, sandbox, calls } = setup();
    const created = await provider.create(
      {
        Email: 'mj.watson@example.com',
        FirstName: 'Mary Jane',
        LastName: 'Watson',
        Phone: '+442079460958',
        Title: 'Editor',
      },
      CONTACT_FIELDS,
    );
    expect(created).toMatchObject({
      objectType: 'contact',
      values: {
        Email: 'mj.watson@example.com',
        FirstName: 'Mary Jane',
        LastName: 'Watson',
        Title: 'Editor',
        'Account.Name': null,
      },
    });
    expect(created.id).toMatch(/^003[a-zA-Z0-9]{15}$/);
    expect(created.updatedAt).toMatch(/^2026-11-02T12:00:\d\d\.000Z$/);
    expect(sandbox.testing.read(created.id)).toMatchObject({ Name: 'Mary Jane Watson', Phone: '+442079460958' });
    expect(calls()).toEqual([
      'POST /services/data/v62.0/sobjects/Contact',
      'GET /services/data/v62.0/sobjects/Contact/describe',
      'GET /services/data/v62.0/query',
    ]);
    expect(sandbox.requests[0]?.body).toEqual({
      Email: 'mj.watson@example.com',
      FirstName: 'Mary Jane',
      LastName: 'Watson',
      Phone: '+442079460958',
      Title: 'Editor',
    });
  });

  it('creates a customer without a name: LastName falls back to the email local part, else "[not provided]"', async () => {
    const { provider, sandbox } = setup();
    const byEmail = await provider.create({ Email: 'sam.lee@example.com' }, CONTACT_FIELDS);
    expect(byEmail.values).toMatchObject({ LastName: 'sam.lee', FirstName: null });
    const byPhone = await provider.create({ Phone: '+14155550100' }, CONTACT_FIELDS);
    expect(byPhone.values).toMatchObject({ LastName: NOT_PROVIDED, Phone: '+14155550100' });
    expect(sandbox.testing.read(byPhone.id)?.LastName).toBe('[not provided]');
    expect(lastNameFallback('  ada@example.com ')).toBe('ada');
    expect(lastNameFallback(`${'x'.repeat(100)}@example.com`)).toHaveLength(80);
    expect(lastNameFallback(null)).toBe('[not provided]');
  });

  it('creates a lead with the "[not provided]" Company when the customer has none', async () => {
    const { provider, sandbox } = setup({}, { primaryObject: 'Lead' });
    const lead = await provider.create({ Email: 'new.lead@example.com', LastName: 'Lead' }, LEAD_FIELDS);
    expect(lead).toMatchObject({ objectType: 'lead', values: { Company: '[not provided]', LastName: 'Lead' } });
    expect(lead.id.startsWith('00Q')).toBe(true);
    expect(sandbox.testing.read(lead.id)?.Status).toBe('Open - Not Contacted');
    const withCompany = await provider.create(
      { Email: 'acme@example.com', LastName: 'Coyote', Company: 'Acme' },
      LEAD_FIELDS,
    );
    expect(withCompany.values.Company).toBe('Acme');
  });

  it('links to the existing record when a create meets the duplicate rule (DUPLICATES_DETECTED)', async () => {
    const { provider } = setup();
    const error = await crmError(
      provider.create({ Email: 'Jonas.Berg@example.com', LastName: 'Berg' }, CONTACT_FIELDS),
      'duplicate',
    );
    expect(error).toMatchObject({ existingId: SEED_CONTACTS.jonas, vendorCode: 'DUPLICATES_DETECTED', status: 400 });
    expect(error.message).toBe('Use one of these records?');
  });

  it('links to the existing record on DUPLICATE_VALUE, with the field', async () => {
    const { provider, sandbox } = setup();
    sandbox.testing.edit(SEED_CONTACTS.priya, { Support_Id__c: 'ZD-361000002' });
    const error = await crmError(
      provider.create({ LastName: 'Patel', Support_Id__c: 'ZD-361000002' }, CONTACT_FIELDS),
      'duplicate',
    );
    expect(error).toMatchObject({
      existingId: SEED_CONTACTS.priya,
      field: 'Support_Id__c',
      vendorCode: 'DUPLICATE_VALUE',
    });
  });

  it('a create racing a record the lookup could not see yet gets its id, and the record reads back', async () => {
    const { provider, sandbox } = setup();
    const id = sandbox.testing.insert({ Email: 'race@example.com', FirstName: 'Ray', LastName: 'Race' });
    sandbox.testing.hideFromSearch(id);
    await expect(provider.findByEmail('race@example.com', CONTACT_FIELDS)).resolves.toEqual([]);
    const error = await crmError(
      provider.create({ Email: 'race@example.com', LastName: 'Race' }, CONTACT_FIELDS),
      'duplicate',
    );
    expect(error.existingId).toBe(id);
    await expect(provider.getById(id, CONTACT_FIELDS)).resolves.toMatchObject({ id, values: { FirstName: 'Ray' } });
  });

  it('updates in one PATCH and reads the record back; the modified time moves', async () => {
    const { provider, sandbox, calls } = setup();
    const before = await provider.getById(SEED_CONTACTS.priya, CONTACT_FIELDS);
    sandbox.clearRequests();
    const after = await provider.update(
      SEED_CONTACTS.priya,
      { Phone: '(415) 555-0134', Title: 'Head of Operations', MailingCity: 'San Francisco', Description: 'VIP' },
      CONTACT_FIELDS,
    );
    expect(after.values).toMatchObject({
      Phone: '(415) 555-0134',
      Title: 'Head of Operations',
      MailingCity: 'San Francisco',
      Description: 'VIP',
      FirstName: 'Priya',
    });
    expect(Date.parse(after.updatedAt!)).toBeGreaterThan(Date.parse(before!.updatedAt!));
    expect(calls()).toEqual([
      `PATCH /services/data/v62.0/sobjects/Contact/${SEED_CONTACTS.priya}`,
      'GET /services/data/v62.0/query',
    ]);
  });

  it('clears a field written as "" (sent as null)', async () => {
    const { provider, sandbox } = setup();
    const after = await provider.update(SEED_CONTACTS.jonas, { FirstName: '', LastName: 'Berg' }, CONTACT_FIELDS);
    expect(after.values.FirstName).toBeNull();
    expect(sandbox.requests[0]?.body).toEqual({ FirstName: null, LastName: 'Berg' });
  });

  it('updates a lead by id through sObject Rows', async () => {
    const { provider } = setup({}, { primaryObject: 'Lead' });
    const after = await provider.update(SEED_LEADS.priya, { Company: 'Northwind Traders' }, LEAD_FIELDS);
    expect(after).toMatchObject({ objectType: 'lead', values: { Company: 'Northwind Traders' } });
  });

  it('an update of a record Salesforce does not have is not_found (no call for a malformed id)', async () => {
    const { provider, sandbox, calls } = setup();
    await crmError(provider.update('003Hs0000000999IAA', { Title: 'X' }, CONTACT_FIELDS), 'not_found');
    sandbox.clearRequests();
    await crmError(provider.update('not-an-id', { Title: 'X' }, CONTACT_FIELDS), 'not_found');
    expect(calls()).toEqual([]);
  });
});

describe('Salesforce provider: errors the agent sees', () => {
  it('INVALID_FIELD → invalid_field naming the field', async () => {
    const { provider } = setup();
    const error = await crmError(
      provider.update(SEED_CONTACTS.priya, { Nonexistent__c: 'x' }, CONTACT_FIELDS),
      'invalid_field',
    );
    expect(error).toMatchObject({ field: 'Nonexistent__c', vendorCode: 'INVALID_FIELD', status: 400 });
    expect(error.message).toBe("No such column 'Nonexistent__c' on sobject of type Contact");
  });

  it('a field name that is not an API name never reaches a query', async () => {
    const { provider, sandbox } = setup();
    const found = await provider.findByEmail('priya.patel@example.com', ['Email', 'Mailing City', "Email' OR"]);
    expect(found[0]?.values).toEqual({ Email: 'priya.patel@example.com', 'Mailing City': null, "Email' OR": null });
    expect(queries(sandbox).at(-1)).toMatch(
      /^SELECT Id, Email, Secondary_Email__c, Phone, MobilePhone, LastModifiedDate FROM Contact/,
    );
  });

  it('STRING_TOO_LONG → validation with the field and the limit', async () => {
    const { provider } = setup();
    const error = await crmError(
      provider.update(SEED_CONTACTS.priya, { Title: 'T'.repeat(129) }, CONTACT_FIELDS),
      'validation',
    );
    expect(error).toMatchObject({ field: 'Title', vendorCode: 'STRING_TOO_LONG' });
    expect(error.message).toMatch(/^Title: data value too large: T+ \(max length=128\)$/);
  });

  it('FIELD_CUSTOM_VALIDATION_EXCEPTION → validation with the field and the rule message', async () => {
    const { provider } = setup();
    const error = await crmError(
      provider.update(SEED_CONTACTS.priya, { Phone: 'call me maybe' }, CONTACT_FIELDS),
      'validation',
    );
    expect(error).toMatchObject({ field: 'Phone', vendorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' });
    expect(error.message).toBe('Use only digits, spaces and + ( ) - . in phone numbers.');
  });

  it('INVALID_EMAIL_ADDRESS → validation on Email', async () => {
    const { provider } = setup();
    const error = await crmError(
      provider.create({ Email: 'not an email', LastName: 'X' }, CONTACT_FIELDS),
      'validation',
    );
    expect(error).toMatchObject({
      field: 'Email',
      vendorCode: 'INVALID_EMAIL_ADDRESS',
      message: 'Email: invalid email address: not an email',
    });
  });

  it('REQUIRED_FIELD_MISSING → validation on the required field', async () => {
    const { provider } = setup();
    const error = await crmError(provider.update(SEED_CONTACTS.priya, { LastName: '' }, CONTACT_FIELDS), 'validation');
    expect(error).toMatchObject({
      field: 'LastName',
      vendorCode: 'REQUIRED_FIELD_MISSING',
      message: 'Required fields are missing: [LastName]',
    });
  });

  it('a read-only field → validation naming it', async () => {
    const { provider } = setup();
    const error = await crmError(
      provider.update(SEED_CONTACTS.priya, { Name: 'Someone' }, CONTACT_FIELDS),
      'validation',
    );
    expect(error).toMatchObject({ field: 'Name', vendorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' });
  });

  it('the 24-hour allocation used up (TotalRequests) → rate_limited at once, without retrying', async () => {
    const { provider, sandbox } = setup({}, { rateLimit: { limit: 2, windowMs: 60_000 } });
    await provider.findByEmail('priya.patel@example.com', CONTACT_FIELDS); // describe + query
    sandbox.clearRequests();
    const error = await crmError(provider.findByEmail('priya.patel@example.com', CONTACT_FIELDS), 'rate_limited');
    expect(error).toMatchObject({
      status: 403,
      vendorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    });
    expect(error.retryAfterMs).toBeUndefined();
    expect(sandbox.requests).toHaveLength(1);
    sandbox.setRateLimit(null);
    await expect(provider.findByEmail('priya.patel@example.com', CONTACT_FIELDS)).resolves.toHaveLength(1);
  });

  it('a concurrent-request limit is waited out, creates included (Salesforce did not process them)', async () => {
    const { provider, sandbox } = setup();
    await provider.describeFields();
    sandbox.clearRequests();
    sandbox.testing.rateLimitNext(2);
    await expect(provider.findByEmail('priya.patel@example.com', CONTACT_FIELDS)).resolves.toHaveLength(1);
    expect(sandbox.requests.map((r) => r.status)).toEqual([403, 403, 200]);

    sandbox.clearRequests();
    sandbox.testing.rateLimitNext(1);
    const created = await provider.create({ Email: 'retry@example.com', LastName: 'Retry' }, CONTACT_FIELDS);
    expect(sandbox.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([403, 201]);
    expect(
      sandbox
        .list('Contact')
        .filter((c) => c.values.Email === 'retry@example.com')
        .map((c) => c.id),
    ).toEqual([created.id]);
  });

  it('a concurrent-request limit beyond the retry budget → rate_limited with a suggested wait', async () => {
    const { provider, sandbox } = setup({ retry: { rateLimitRetries: 2, rateLimitDelayMs: 1 } });
    await provider.describeFields();
    sandbox.clearRequests();
    sandbox.testing.rateLimitNext(10);
    const error = await crmError(provider.findByEmail('priya.patel@example.com', CONTACT_FIELDS), 'rate_limited');
    expect(error).toMatchObject({
      status: 403,
      vendorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'ConcurrentPerOrgLongTxn Limit exceeded.',
      retryAfterMs: 5_000,
    });
    expect(sandbox.requests).toHaveLength(3);
  });

  it('honours a Retry-After header when something in between sends one', async () => {
    const { fetch } = fakeFetch(() =>
      json([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], 403, {
        'Retry-After': '30',
      }),
    );
    const provider = createSalesforceProvider({
      instanceUrl: 'https://acme.my.salesforce.com',
      accessToken: 't',
      fetch,
    });
    const error = await crmError(provider.describeFields(), 'rate_limited');
    expect(error.retryAfterMs).toBe(30_000);
  });

  it('5xx → unavailable after retrying reads; a create is never repeated', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json([{ message: 'Server is busy', errorCode: 'SERVER_UNAVAILABLE' }], 503),
    );
    const provider = createSalesforceProvider({
      instanceUrl: 'https://acme.my.salesforce.com',
      accessToken: 't',
      fetch,
      retry: { limit: 2, baseDelayMs: 1 },
    });
    const read = await crmError(provider.describeFields(), 'unavailable');
    expect(read).toMatchObject({ status: 503, message: 'Server is busy' });
    expect(calls).toHaveLength(3);
    calls.length = 0;
    await crmError(provider.create({ LastName: 'X' }, ['LastName']), 'unavailable');
    expect(calls).toHaveLength(1);
  });

  it('a network failure → unavailable naming the instance', async () => {
    const provider = createSalesforceProvider({
      instanceUrl: 'https://acme.my.salesforce.com',
      accessToken: 't',
      fetch: () => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') })),
      retry: { limit: 0 },
    });
    const error = await crmError(provider.describeFields(), 'unavailable');
    expect(error.message).toBe("Can't reach Salesforce at https://acme.my.salesforce.com: connect ECONNREFUSED");
  });

  it('a body of the wrong shape → unknown "could not read"', async () => {
    const { fetch } = fakeFetch(() => json({ fields: 'nope' }));
    const provider = createSalesforceProvider({
      instanceUrl: 'https://acme.my.salesforce.com',
      accessToken: 't',
      fetch,
    });
    const error = await crmError(provider.describeFields(), 'unknown');
    expect(error.message).toBe(UNREADABLE_RESPONSE);
  });

  it('sends the configured API version and the bearer token', async () => {
    const { fetch, calls } = fakeFetch(() => json({ name: 'Contact', fields: [] }));
    const provider = createSalesforceProvider({
      instanceUrl: 'https://acme.my.salesforce.com/',
      apiVersion: '59.0',
      accessToken: 'tok',
      fetch,
    });
    await provider.describeFields();
    expect(calls[0]?.url).toBe('https://acme.my.salesforce.com/services/data/v59.0/sobjects/Contact/describe');
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer tok');
  });
});

describe('Salesforce provider: access token', () => {
  it('refreshes an expired token once and repeats the call', async () => {
    const { provider, sandbox, calls } = setup();
    await provider.describeFields();
    sandbox.testing.expireTokens();
    sandbox.clearRequests();
    const found = await provider.findByEmail('priya.patel@example.com', CONTACT_FIELDS);
    expect(found).toHaveLength(1);
    expect(calls()).toEqual([
      'GET /services/data/v62.0/query',
      'POST /services/oauth2/token',
      'GET /services/data/v62.0/query',
    ]);
    expect(sandbox.requests.map((r) => r.status)).toEqual([401, 200, 200]);
    // The refresh token flow's form, secrets redacted in the log.
    expect(sandbox.requests[1]?.body).toEqual({
      grant_type: 'refresh_token',
      refresh_token: '[redacted]',
      client_id: sandbox.credentials.clientId,
      client_secret: '[redacted]',
    });
    // The new token is used from now on.
    sandbox.clearRequests();
    await provider.findByEmail('priya.patel@example.com', CONTACT_FIELDS);
    expect(calls()).toEqual(['GET /services/data/v62.0/query']);
  });

  it('concurrent calls that meet an expired token share one refresh', async () => {
    const { provider, sandbox, calls } = setup();
    await provider.describeFields();
    sandbox.testing.expireTokens();
    sandbox.clearRequests();
    const results = await Promise.all([
      provider.findByEmail('priya.patel@example.com', CONTACT_FIELDS),
      provider.findByEmail('jonas.berg@example.com', CONTACT_FIELDS),
      provider.getById(SEED_CONTACTS.sam, CONTACT_FIELDS),
    ]);
    expect(results.map((r) => (Array.isArray(r) ? r.length : r?.id))).toEqual([1, 1, SEED_CONTACTS.sam]);
    expect(calls().filter((c) => c === 'POST /services/oauth2/token')).toHaveLength(1);
    expect(sandbox.issuedTokens).toHaveLength(1);
  });

  it('gets a token first when it has only refresh credentials', async () => {
    const { provider, calls } = setup({ accessToken: undefined });
    await provider.findByEmail('priya.patel@example.com', CONTACT_FIELDS);
    expect(calls()[0]).toBe('POST /services/oauth2/token');
  });

  it('a refused refresh → auth_expired with Salesforce’s reason', async () => {
    const { provider, sandbox } = setup();
    sandbox.testing.expireTokens();
    sandbox.revokeRefreshToken();
    const error = await crmError(provider.describeFields(), 'auth_expired');
    expect(error.message).toBe(
      'Salesforce refused to refresh the access token (invalid_grant: expired access/refresh token)',
    );
    expect(error.vendorCode).toBe('invalid_grant');
  });

  it('wrong connected app credentials → auth_expired', async () => {
    const { provider, sandbox } = setup({
      refresh: { loginUrl: MOUNT, clientId: 'wrong', clientSecret: 'x', refreshToken: 'y' },
    });
    sandbox.testing.expireTokens();
    const error = await crmError(provider.describeFields(), 'auth_expired');
    expect(error.message).toContain('invalid_client_id');
  });

  it('without refresh credentials an expired token → auth_expired, no token request', async () => {
    const { provider, sandbox, calls } = setup({ refresh: undefined });
    sandbox.testing.expireTokens();
    const error = await crmError(provider.describeFields(), 'auth_expired');
    expect(error).toMatchObject({
      status: 401,
      vendorCode: 'INVALID_SESSION_ID',
      message: 'Salesforce rejected the access token: Session expired or invalid',
    });
    expect(calls()).toEqual(['GET /services/data/v62.0/sobjects/Contact/describe']);
  });

  it('still 401 after a refresh → auth_expired, refreshed only once', async () => {
    // A proxy in between that drops the Authorization header: every API call is 401.
    const { provider, sandbox, calls } = setup({}, {}, (fetch) => async (request) => {
      if (!request.url.includes('/oauth2/')) request.headers.delete('authorization');
      return fetch(request);
    });
    await crmError(provider.describeFields(), 'auth_expired');
    expect(calls()).toEqual([
      'GET /services/data/v62.0/sobjects/Contact/describe',
      'POST /services/oauth2/token',
      'GET /services/data/v62.0/sobjects/Contact/describe',
    ]);
    expect(sandbox.issuedTokens).toHaveLength(1);
  });

  it('the login service down → unavailable', async () => {
    const { provider, sandbox } = setup({}, {}, (fetch) => async (request) => {
      if (request.url.includes('/oauth2/')) return json({ error: 'server_error', error_description: 'try later' }, 503);
      return fetch(request);
    });
    sandbox.testing.expireTokens();
    const error = await crmError(provider.describeFields(), 'unavailable');
    expect(error.message).toContain("Salesforce's login service is unavailable");
  });

  it('sends the rotated refresh token on the next refresh', async () => {
    const sent: string[] = [];
    const { fetch } = fakeFetch(async (request) => {
      if (request.url === 'https://login.salesforce.com/services/oauth2/token') {
        sent.push(new URLSearchParams(await request.text()).get('refresh_token') ?? '');
        return json({ access_token: `access-${sent.length}`, refresh_token: `refresh-${sent.length}` });
      }
      // Only the second access token is accepted.
      if (request.headers.get('authorization') === 'Bearer access-2') return json({ name: 'Contact', fields: [] });
      return json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], 401);
    });
    const provider = createSalesforceProvider({
      instanceUrl: 'https://acme.my.salesforce.com',
      refresh: {
        loginUrl: 'https://login.salesforce.com/',
        clientId: 'id',
        clientSecret: 's',
        refreshToken: 'refresh-0',
      },
      fetch,
    });
    await expect(provider.describeFields()).resolves.toEqual([]);
    expect(sent).toEqual(['refresh-0', 'refresh-1']);
  });
});

describe('Salesforce provider: batches', () => {
  it('creates a batch in one sObject Collections call; one bad record does not fail the rest', async () => {
    const { provider, sandbox } = setup();
    const results = await provider.createMany(
      [
        { properties: { Email: 'a@example.com', LastName: 'Alpha' } },
        { properties: { Email: 'b@example.com', LastName: 'Beta', Title: 'T'.repeat(200) } },
        { properties: { Email: 'priya.patel@example.com', LastName: 'Patel' } },
        { properties: { Email: 'c@example.com' } },
      ],
      CONTACT_FIELDS,
    );
    expect(results.map((r) => r.ok)).toEqual([true, false, false, true]);
    expect(results[0]).toMatchObject({ ok: true, record: { values: { Email: 'a@example.com', LastName: 'Alpha' } } });
    expect(results[1]).toMatchObject({
      ok: false,
      error: { kind: 'validation', field: 'Title', vendorCode: 'STRING_TOO_LONG' },
    });
    expect(results[2]).toMatchObject({ ok: false, error: { kind: 'duplicate', existingId: SEED_CONTACTS.priya } });
    expect(results[3]).toMatchObject({ ok: true, record: { values: { LastName: 'c' } } });
    const post = sandbox.requests.find((r) => r.path === '/services/data/v62.0/composite/sobjects');
    expect(post?.method).toBe('POST');
    expect(post?.body).toMatchObject({
      allOrNone: false,
      records: [{ attributes: { type: 'Contact' }, Email: 'a@example.com' }, {}, {}, {}],
    });
  });

  it('splits batches into calls of at most 200 records', async () => {
    const { provider, sandbox } = setup();
    const inputs = Array.from({ length: 450 }, (_, i) => ({
      properties: { Email: `bulk${i}@example.com`, LastName: `Bulk ${i}` },
    }));
    const results = await provider.createMany(inputs, ['Email', 'LastName']);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.map((r) => (r.ok ? r.record.values.Email : null))).toEqual(inputs.map((i) => i.properties.Email));
    const posts = sandbox.requests.filter((r) => r.path.endsWith('/composite/sobjects') && r.method === 'POST');
    expect(posts.map((p) => (p.body as { records: unknown[] }).records.length)).toEqual([200, 200, 50]);
    expect(SALESFORCE_BATCH_LIMIT).toBe(200);
  });

  it('updates a batch; unknown and malformed ids fail alone', async () => {
    const { provider, sandbox } = setup();
    const results = await provider.updateMany(
      [
        { id: SEED_CONTACTS.priya, properties: { Title: 'Head of Operations' } },
        { id: '003Hs0000000999IAA', properties: { Title: 'Ghost' } },
        { id: 'garbage', properties: { Title: 'Nope' } },
        { id: SEED_CONTACTS.sam, properties: { Phone: 'not a phone' } },
        { id: SEED_CONTACTS.jonas, properties: { MailingCity: 'Boston' } },
      ],
      CONTACT_FIELDS,
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.error.kind))).toEqual([
      'ok',
      'not_found',
      'not_found',
      'validation',
      'ok',
    ]);
    expect(results[4]).toMatchObject({
      ok: true,
      record: { id: SEED_CONTACTS.jonas, values: { MailingCity: 'Boston', 'Account.Name': 'Globex Corporation' } },
    });
    const patch = sandbox.requests.find((r) => r.method === 'PATCH');
    expect((patch?.body as { records: unknown[] }).records).toHaveLength(4);
  });

  it('a batch whose call fails as a whole reports that error for each record', async () => {
    const { provider, sandbox } = setup();
    sandbox.testing.rateLimitNext(10);
    const results = await provider.createMany(
      [{ properties: { LastName: 'A' } }, { properties: { LastName: 'B' } }],
      ['LastName'],
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.error.kind))).toEqual(['rate_limited', 'rate_limited']);
    expect(sandbox.list('Contact').some((c) => c.values.LastName === 'A')).toBe(false);
  });

  it('reads a batch of contacts (SOQL for the Account name), missing ids simply absent', async () => {
    const { provider, sandbox } = setup();
    const records = await provider.getMany(
      [SEED_CONTACTS.olivia, '003Hs0000000999IAA', SEED_CONTACTS.priya, 'nope', SEED_CONTACTS.olivia],
      CONTACT_FIELDS,
    );
    expect(records.map((r) => r.id)).toEqual([SEED_CONTACTS.olivia, SEED_CONTACTS.priya]);
    expect(records[0]?.values['Account.Name']).toBe('Stone & Co');
    expect(queries(sandbox).at(-1)).toContain(
      `WHERE Id IN ('${SEED_CONTACTS.olivia}', '003Hs0000000999IAA', '${SEED_CONTACTS.priya}')`,
    );
  });

  it('reads a batch of leads through sObject Collections GET', async () => {
    const { provider, sandbox } = setup({}, { primaryObject: 'Lead' });
    const records = await provider.getMany([SEED_LEADS.sam, MISSING_LEAD, SEED_LEADS.lin], LEAD_FIELDS);
    expect(records.map((r) => [r.id, r.objectType])).toEqual([
      [SEED_LEADS.sam, 'lead'],
      [SEED_LEADS.lin, 'lead'],
    ]);
    const get = sandbox.requests.find((r) => r.path === '/services/data/v62.0/composite/sobjects/Lead');
    expect(new URLSearchParams(get?.query).get('ids')).toBe(`${SEED_LEADS.sam},${MISSING_LEAD},${SEED_LEADS.lin}`);
    await expect(provider.getMany([], LEAD_FIELDS)).resolves.toEqual([]);
  });
});

describe('Salesforce provider: record links', () => {
  it('links to the Lightning record page on the instance (or the configured app URL)', () => {
    const provider = createSalesforceProvider({ instanceUrl: 'https://acme.my.salesforce.com/', accessToken: 't' });
    expect(provider.recordUrl({ id: '003Hs0000000001IAA', objectType: 'contact' })).toBe(
      'https://acme.my.salesforce.com/lightning/r/Contact/003Hs0000000001IAA/view',
    );
    expect(provider.recordUrl({ id: '00QHs0000000001IAA', objectType: 'lead' })).toBe(
      'https://acme.my.salesforce.com/lightning/r/Lead/00QHs0000000001IAA/view',
    );
    const sandboxed = setup().provider;
    expect(sandboxed.recordUrl({ id: SEED_CONTACTS.lin, objectType: 'contact' })).toBe(
      `${MOUNT}/lightning/r/Contact/${SEED_CONTACTS.lin}/view`,
    );
  });

  it('refuses to start without any credential', () => {
    expect(() => createSalesforceProvider({ instanceUrl: 'https://acme.my.salesforce.com' })).toThrow(
      'Salesforce needs an access token or refresh token credentials',
    );
  });
});
