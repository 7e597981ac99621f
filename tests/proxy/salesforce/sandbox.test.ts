/**
 * The Salesforce sandbox over HTTP (in-process): authentication and the token endpoint, the REST
 * resources and their errors, sObject Collections, rate limits, the request log, the Lightning pages,
 * the test controls — and mounted under a prefix, as the proxy serves it.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { toId18 } from '../../../proxy/crm/salesforce/ids.ts';
import {
  createSalesforceSandbox,
  SEED_ACCOUNTS,
  SEED_CONTACTS,
  SEED_LEADS,
  type SalesforceSandbox,
} from '../../../proxy/sandbox/salesforce/index.ts';
import { tickingClock } from './support.ts';

const API = 'http://sf.test/services/data/v62.0';

function sandbox(options: Parameters<typeof createSalesforceSandbox>[0] = {}) {
  const sb = createSalesforceSandbox({ clock: tickingClock(), ...options });
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    token: string | null = sb.credentials.accessToken,
  ) => {
    const headers: Record<string, string> = {};
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await sb.fetch(
      new Request(path.startsWith('http') ? path : `${API}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    );
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: text ? (JSON.parse(text) as unknown) : null,
    };
  };
  const token = (form: Record<string, string>) =>
    sb.fetch(
      new Request('http://sf.test/services/oauth2/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
      }),
    );
  const refreshForm = (sb: SalesforceSandbox) => ({
    grant_type: 'refresh_token',
    client_id: sb.credentials.clientId,
    client_secret: sb.credentials.clientSecret,
    refresh_token: sb.credentials.refreshToken,
  });
  return { sb, call, token, refreshForm: () => refreshForm(sb) };
}

const q = (soql: string) => `/query?q=${encodeURIComponent(soql)}`;

describe('Salesforce sandbox: authentication', () => {
  it('answers 401 INVALID_SESSION_ID without a valid token', async () => {
    const { call } = sandbox();
    for (const token of [null, 'wrong']) {
      const response = await call('GET', '/sobjects/Contact/describe', undefined, token);
      expect(response.status).toBe(401);
      expect(response.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
  });

  it('issues access tokens for the refresh token flow and checks the client', async () => {
    const { sb, call, token, refreshForm } = sandbox();
    const bad = async (form: Record<string, string>) => {
      const response = await token(form);
      expect(response.status).toBe(400);
      return response.json();
    };
    await expect(bad({ ...refreshForm(), grant_type: 'password' })).resolves.toEqual({
      error: 'unsupported_grant_type',
      error_description: 'grant type not supported',
    });
    await expect(bad({ ...refreshForm(), client_id: 'x' })).resolves.toMatchObject({ error: 'invalid_client_id' });
    await expect(bad({ ...refreshForm(), client_secret: 'x' })).resolves.toMatchObject({ error: 'invalid_client' });
    await expect(bad({ ...refreshForm(), refresh_token: 'x' })).resolves.toEqual({
      error: 'invalid_grant',
      error_description: 'expired access/refresh token',
    });

    const ok = await token(refreshForm());
    expect(ok.status).toBe(200);
    const issued = (await ok.json()) as Record<string, string>;
    expect(issued).toMatchObject({ token_type: 'Bearer', instance_url: 'http://sf.test', scope: 'api refresh_token' });
    expect(issued.access_token).toMatch(/^00DHs0000000001!AQ4AQ/);
    expect(sb.issuedTokens).toEqual([issued.access_token]);
    expect((await call('GET', '/sobjects/Contact/describe', undefined, issued.access_token!)).status).toBe(200);
  });

  it('expireTokens rejects every token issued so far; a refresh still works; a revoked refresh token does not', async () => {
    const { sb, call, token, refreshForm } = sandbox();
    const first = ((await (await token(refreshForm())).json()) as { access_token: string }).access_token;
    sb.testing.expireTokens();
    expect((await call('GET', '/sobjects/Contact/describe')).status).toBe(401);
    expect((await call('GET', '/sobjects/Contact/describe', undefined, first)).status).toBe(401);
    const second = ((await (await token(refreshForm())).json()) as { access_token: string }).access_token;
    expect((await call('GET', '/sobjects/Contact/describe', undefined, second)).status).toBe(200);
    sb.revokeRefreshToken();
    expect((await token(refreshForm())).status).toBe(400);
    sb.reset();
    expect((await call('GET', '/sobjects/Contact/describe')).status).toBe(200);
    expect((await token(refreshForm())).status).toBe(200);
  });

  it('logs token requests with the secrets redacted, and does not rate-limit them', async () => {
    const { sb, token, refreshForm } = sandbox({ rateLimit: { limit: 1, windowMs: 60_000 } });
    sb.testing.rateLimitNext(5);
    expect((await token(refreshForm())).status).toBe(200);
    expect(sb.requests).toEqual([
      {
        method: 'POST',
        path: '/services/oauth2/token',
        query: '',
        body: {
          grant_type: 'refresh_token',
          client_id: sb.credentials.clientId,
          client_secret: '[redacted]',
          refresh_token: '[redacted]',
        },
        status: 200,
        at: expect.any(String),
      },
    ]);
  });
});

describe('Salesforce sandbox: sObject resources', () => {
  it('describes Contact, Lead and Account; any API version; an unknown object is 404', async () => {
    const { call } = sandbox();
    const contact = await call('GET', '/sobjects/Contact/describe');
    expect(contact.body).toMatchObject({
      name: 'Contact',
      keyPrefix: '003',
      urls: { describe: '/services/data/v62.0/sobjects/Contact/describe' },
    });
    const fields = (contact.body as { fields: Array<Record<string, unknown>> }).fields;
    expect(fields.find((f) => f.name === 'AccountId')).toMatchObject({
      type: 'reference',
      referenceTo: ['Account'],
      relationshipName: 'Account',
    });
    expect(fields.find((f) => f.name === 'LastName')).toMatchObject({ nillable: false, createable: true, length: 80 });
    expect(fields.find((f) => f.name === 'Support_Id__c')).toMatchObject({
      custom: true,
      unique: true,
      externalId: true,
    });
    expect(fields.some((f) => f.name === 'TimeZone__c')).toBe(false);
    expect((await call('GET', 'http://sf.test/services/data/v59.0/sobjects/lead/describe')).body).toMatchObject({
      name: 'Lead',
      keyPrefix: '00Q',
    });
    expect((await call('GET', '/sobjects/Account/describe')).body).toMatchObject({ keyPrefix: '001' });
    expect(await call('GET', '/sobjects/Opportunity/describe')).toMatchObject({
      status: 404,
      body: [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }],
    });
    expect((await call('GET', 'http://sf.test/services/data/v62/sobjects/Contact/describe')).status).toBe(404);
  });

  it('creates a contact (201) with an 18-character id and Salesforce timestamps', async () => {
    const { call, sb } = sandbox();
    const created = await call('POST', '/sobjects/Contact', {
      FirstName: 'Mary Jane',
      LastName: 'Watson',
      AccountId: SEED_ACCOUNTS.globex,
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: toId18('003Hs0000000101'), success: true, errors: [] });
    const row = sb.testing.read(toId18('003Hs0000000101'))!;
    expect(row).toMatchObject({ Name: 'Mary Jane Watson', 'Account.Name': 'Globex Corporation', IsDeleted: 'false' });
    expect(row.CreatedDate).toMatch(/^2026-11-02T12:00:\d\d\.000\+0000$/);
    expect(row.LastModifiedDate).toBe(row.CreatedDate);
    expect((await call('POST', '/sobjects/Contact', { LastName: 'Second' })).body).toMatchObject({
      id: toId18('003Hs0000000102'),
    });
  });

  it('refuses what Salesforce refuses, with its codes and fields', async () => {
    const { call } = sandbox();
    const refused = async (body: unknown, object = 'Contact') => {
      const response = await call('POST', `/sobjects/${object}`, body);
      expect(response.status).toBe(400);
      return response.body as Array<{ errorCode: string; message: string; fields?: string[] }>;
    };
    expect(await refused({ FirstName: 'No last name' })).toEqual([
      { errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] },
    ]);
    expect(await refused({ LastName: 'L' }, 'Lead')).toEqual([
      { errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Company]', fields: ['Company'] },
    ]);
    expect(await refused({ LastName: 'X', Nope__c: 1 })).toEqual([
      { errorCode: 'INVALID_FIELD', message: "No such column 'Nope__c' on sobject of type Contact" },
    ]);
    expect((await refused({ LastName: 'X', CreatedDate: '2020-01-01T00:00:00Z', Name: 'N' }))[0]).toMatchObject({
      errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
      fields: ['CreatedDate', 'Name'],
    });
    expect((await refused({ LastName: 'X', Id: SEED_CONTACTS.priya }))[0]?.errorCode).toBe('INVALID_FIELD');
    expect(await refused({ LastName: 'X', Email: 'nope' })).toEqual([
      { errorCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: nope', fields: ['Email'] },
    ]);
    expect((await refused({ LastName: 'X', Title: 'x'.repeat(129) }))[0]).toMatchObject({
      errorCode: 'STRING_TOO_LONG',
      fields: ['Title'],
    });
    expect((await refused({ LastName: 'X', Salutation: 'Sir' }))[0]).toMatchObject({
      errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      message: 'Salutation: bad value for restricted picklist field: Sir',
    });
    expect((await refused({ LastName: 'X', AccountId: SEED_CONTACTS.priya }))[0]?.errorCode).toBe(
      'FIELD_INTEGRITY_EXCEPTION',
    );
    expect((await refused({ LastName: 'X', AccountId: toId18('001Hs0000000999') }))[0]?.errorCode).toBe(
      'INVALID_CROSS_REFERENCE_KEY',
    );
    expect(await refused({ LastName: 'X', MobilePhone: '+1 555 CALL NOW' })).toEqual([
      {
        errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        message: 'Use only digits, spaces and + ( ) - . in phone numbers.',
        fields: ['MobilePhone'],
      },
    ]);
    expect((await refused({ LastName: 'X', FirstName: { nested: true } }))[0]?.errorCode).toBe('JSON_PARSER_ERROR');
    expect((await refused('{not json'))[0]?.errorCode).toBe('JSON_PARSER_ERROR');
    expect((await refused([1, 2]))[0]?.errorCode).toBe('JSON_PARSER_ERROR');
  });

  it('applies the Email duplicate rule (DUPLICATES_DETECTED with duplicateResult) on create and update', async () => {
    const { call } = sandbox();
    const created = await call('POST', '/sobjects/Contact', { LastName: 'Berg', Email: 'JONAS.BERG@example.com' });
    expect(created.status).toBe(400);
    expect(created.body).toEqual([
      {
        errorCode: 'DUPLICATES_DETECTED',
        message: 'Use one of these records?',
        fields: [],
        duplicateResult: {
          allowSave: false,
          duplicateRule: 'Standard_Contact_Duplicate_Rule',
          duplicateRuleEntityType: 'Contact',
          errorMessage: "You're creating a duplicate record. We recommend you use an existing record instead.",
          matchResults: [
            {
              entityType: 'Contact',
              errors: [],
              matchEngine: 'ExactMatchEngine',
              matchRecords: [
                {
                  additionalInformation: [],
                  fieldDiffs: [],
                  matchConfidence: 100,
                  record: {
                    attributes: {
                      type: 'Contact',
                      url: `/services/data/v62.0/sobjects/Contact/${SEED_CONTACTS.jonas}`,
                    },
                    Id: SEED_CONTACTS.jonas,
                  },
                },
              ],
              rule: 'Standard_Contact_Match_Rule_v1_1',
              size: 1,
              success: true,
            },
          ],
        },
      },
    ]);
    const moved = await call('PATCH', `/sobjects/Contact/${SEED_CONTACTS.priya}`, {
      Email: 'olivia.stone@example.com',
    });
    expect((moved.body as Array<{ errorCode: string }>)[0]?.errorCode).toBe('DUPLICATES_DETECTED');
    // Saving a record with its own email is no duplicate; a Lead with a Contact's email neither.
    expect(
      (
        await call('PATCH', `/sobjects/Contact/${SEED_CONTACTS.jonas}`, {
          Email: 'jonas.berg@example.com',
          Title: 'CTO',
        })
      ).status,
    ).toBe(204);
    expect(
      (await call('POST', '/sobjects/Lead', { LastName: 'Stone', Company: 'S', Email: 'olivia.stone@example.com' }))
        .status,
    ).toBe(400);
    expect(
      (await call('POST', '/sobjects/Lead', { LastName: 'New', Company: 'S', Email: 'only.contact@example.com' }))
        .status,
    ).toBe(201);
  });

  it('reads a record with ?fields= (own fields only), 404 for unknown, deleted or other-object ids', async () => {
    const { call } = sandbox();
    const jonas = await call('GET', `/sobjects/Contact/${SEED_CONTACTS.jonas}?fields=id,email,AccountId`);
    expect(jonas.body).toEqual({
      attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${SEED_CONTACTS.jonas}` },
      Id: SEED_CONTACTS.jonas,
      Email: 'jonas.berg@example.com',
      AccountId: SEED_ACCOUNTS.globex,
    });
    const all = (await call('GET', `/sobjects/Contact/${SEED_CONTACTS.jonas.slice(0, 15)}`)).body as Record<
      string,
      unknown
    >;
    expect(all).toMatchObject({
      LastName: 'Berg',
      MailingCity: 'New York',
      LastModifiedDate: '2026-10-03T11:20:00.000+0000',
    });
    expect((await call('GET', `/sobjects/Contact/${SEED_CONTACTS.jonas}?fields=Account.Name`)).body).toMatchObject([
      { errorCode: 'INVALID_FIELD' },
    ]);
    expect((await call('GET', `/sobjects/Contact/${SEED_CONTACTS.jonas}?fields=Nope`)).status).toBe(400);
    expect((await call('GET', `/sobjects/Contact/${toId18('003Hs0000000999')}`)).status).toBe(404);
    expect((await call('GET', `/sobjects/Contact/${SEED_LEADS.jonas}`)).status).toBe(404);
    expect((await call('GET', '/sobjects/Contact/garbage')).status).toBe(404);
    expect((await call('DELETE', `/sobjects/Contact/${SEED_CONTACTS.jonas}`)).status).toBe(204);
    expect((await call('GET', `/sobjects/Contact/${SEED_CONTACTS.jonas}`)).status).toBe(404);
    expect(
      ((await call('GET', q("SELECT Id FROM Contact WHERE LastName = 'Berg'"))).body as { totalSize: number })
        .totalSize,
    ).toBe(0);
  });

  it('updates with PATCH (204); LastModifiedDate and SystemModstamp move', async () => {
    const { call, sb } = sandbox();
    const before = sb.testing.read(SEED_CONTACTS.sam)!;
    const response = await call('PATCH', `/sobjects/Contact/${SEED_CONTACTS.sam}`, {
      Title: 'Support Lead',
      FirstName: '',
    });
    expect(response).toMatchObject({ status: 204, text: '' });
    const after = sb.testing.read(SEED_CONTACTS.sam)!;
    expect(after).toMatchObject({ Title: 'Support Lead', FirstName: null, Name: 'Lee' });
    expect(after.LastModifiedDate! > before.LastModifiedDate!).toBe(true);
    expect(after.SystemModstamp).toBe(after.LastModifiedDate);
    expect((await call('PATCH', `/sobjects/Contact/${toId18('003Hs0000000999')}`, { Title: 'X' })).status).toBe(404);
  });
});

describe('Salesforce sandbox: sObject Collections', () => {
  it('creates records independently with allOrNone false (errors as statusCode)', async () => {
    const { call, sb } = sandbox();
    const response = await call('POST', '/composite/sobjects', {
      allOrNone: false,
      records: [
        { attributes: { type: 'Contact' }, LastName: 'One' },
        { attributes: { type: 'Contact' }, FirstName: 'Two' },
        { attributes: { type: 'Account' }, Name: 'Umbrella' },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      { id: toId18('003Hs0000000101'), success: true, errors: [] },
      {
        success: false,
        errors: [
          {
            statusCode: 'REQUIRED_FIELD_MISSING',
            message: 'Required fields are missing: [LastName]',
            fields: ['LastName'],
          },
        ],
      },
      { id: toId18('001Hs0000000101'), success: true, errors: [] },
    ]);
    expect(sb.list('Account').map((a) => a.values.Name)).toContain('Umbrella');
  });

  it('rolls every record back with allOrNone true when one fails', async () => {
    const { call, sb } = sandbox();
    const count = sb.list('Contact').length;
    const response = await call('POST', '/composite/sobjects', {
      allOrNone: true,
      records: [
        { attributes: { type: 'Contact' }, LastName: 'Kept?' },
        { attributes: { type: 'Contact' }, Email: 'bad', LastName: 'X' },
      ],
    });
    expect(response.body).toEqual([
      {
        success: false,
        errors: [
          {
            statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
            message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
            fields: [],
          },
        ],
      },
      {
        success: false,
        errors: [
          { statusCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: bad', fields: ['Email'] },
        ],
      },
    ]);
    expect(sb.list('Contact')).toHaveLength(count);
  });

  it('updates records by id; a missing id or record fails alone', async () => {
    const { call, sb } = sandbox();
    const response = await call('PATCH', '/composite/sobjects', {
      allOrNone: false,
      records: [
        { attributes: { type: 'Contact' }, id: SEED_CONTACTS.priya, Title: 'Head of Operations' },
        { attributes: { type: 'Contact' }, Title: 'No id' },
        { attributes: { type: 'Contact' }, id: toId18('003Hs0000000999'), Title: 'Ghost' },
      ],
    });
    expect(response.body).toEqual([
      { id: SEED_CONTACTS.priya, success: true, errors: [] },
      {
        success: false,
        errors: [{ statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] }],
      },
      {
        success: false,
        errors: [
          { statusCode: 'NOT_FOUND', message: `There is no Contact with id ${toId18('003Hs0000000999')}`, fields: [] },
        ],
      },
    ]);
    expect(sb.testing.read(SEED_CONTACTS.priya)?.Title).toBe('Head of Operations');
  });

  it('refuses more than 200 records and records without a type', async () => {
    const { call } = sandbox();
    const tooMany = await call('POST', '/composite/sobjects', {
      records: Array.from({ length: 201 }, (_, i) => ({ attributes: { type: 'Contact' }, LastName: `N${i}` })),
    });
    expect(tooMany).toMatchObject({ status: 400, body: [{ errorCode: 'EXCEEDED_ID_LIMIT' }] });
    expect(await call('POST', '/composite/sobjects', { records: [{ LastName: 'X' }] })).toMatchObject({
      status: 400,
      body: [{ errorCode: 'INVALID_TYPE', message: 'Must send a concrete entity type.' }],
    });
  });

  it('reads records by ids, null where an id is unknown', async () => {
    const { call } = sandbox();
    const response = await call(
      'GET',
      `/composite/sobjects/Contact?ids=${SEED_CONTACTS.olivia},${toId18('003Hs0000000999')},garbage&fields=Id,Title`,
    );
    expect(response.body).toEqual([
      {
        attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${SEED_CONTACTS.olivia}` },
        Id: SEED_CONTACTS.olivia,
        Title: 'Founder',
      },
      null,
      null,
    ]);
    expect((await call('GET', `/composite/sobjects/Contact?ids=${SEED_CONTACTS.olivia}`)).status).toBe(400);
    expect(
      (await call('GET', `/composite/sobjects/Contact?ids=${SEED_CONTACTS.olivia}&fields=Nope`)).body,
    ).toMatchObject([{ errorCode: 'INVALID_FIELD' }]);
  });
});

describe('Salesforce sandbox: limits and log', () => {
  it('reports usage in Sforce-Limit-Info and answers 403 REQUEST_LIMIT_EXCEEDED over the rolling limit', async () => {
    const { call, sb } = sandbox({ rateLimit: { limit: 2, windowMs: 60_000 } });
    expect((await call('GET', '/sobjects/Contact/describe')).headers.get('sforce-limit-info')).toBe('api-usage=1/2');
    expect((await call('GET', '/sobjects/Contact/describe')).headers.get('sforce-limit-info')).toBe('api-usage=2/2');
    expect(await call('GET', '/sobjects/Contact/describe')).toMatchObject({
      status: 403,
      body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
    });
    sb.setRateLimit(null);
    expect((await call('GET', '/sobjects/Contact/describe')).status).toBe(200);
  });

  it('rateLimitNext answers the next calls with the brief (concurrent) REQUEST_LIMIT_EXCEEDED', async () => {
    const { call, sb } = sandbox();
    sb.testing.rateLimitNext(2);
    expect(await call('GET', '/sobjects/Contact/describe')).toMatchObject({
      status: 403,
      body: [{ message: 'ConcurrentPerOrgLongTxn Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
    });
    expect((await call('GET', '/sobjects/Contact/describe')).status).toBe(403);
    expect((await call('GET', '/sobjects/Contact/describe')).status).toBe(200);
  });

  it('logs REST calls (401s and 403s included) until cleared or reset', async () => {
    const { call, sb } = sandbox();
    await call('GET', q("SELECT Id FROM Contact WHERE Email = 'x'"));
    await call('POST', '/sobjects/Contact', { LastName: 'Logged' });
    await call('GET', '/sobjects/Contact/describe', undefined, 'bad');
    expect(sb.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/services/data/v62.0/query', 200],
      ['POST', '/services/data/v62.0/sobjects/Contact', 201],
      ['GET', '/services/data/v62.0/sobjects/Contact/describe', 401],
    ]);
    expect(new URLSearchParams(sb.requests[0]?.query).get('q')).toBe("SELECT Id FROM Contact WHERE Email = 'x'");
    expect(sb.requests[1]?.body).toEqual({ LastName: 'Logged' });
    sb.clearRequests();
    expect(sb.requests).toEqual([]);
    await call('GET', '/sobjects/Contact/describe');
    sb.reset();
    expect(sb.requests).toEqual([]);
    expect(sb.list('Contact').some((c) => c.values.LastName === 'Logged')).toBe(false);
  });
});

describe('Salesforce sandbox: pages and controls', () => {
  it('serves the Lightning record page with every value escaped and scripts forbidden', async () => {
    const { sb } = sandbox();
    const response = await sb.fetch(new Request(`http://sf.test/lightning/r/Contact/${SEED_CONTACTS.lin}/view`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('<h1>Lin Chen</h1>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain(`href="../../Account/${SEED_ACCOUNTS.markup}/view"`);
    const account = await sb.fetch(new Request(`http://sf.test/lightning/r/Account/${SEED_ACCOUNTS.markup}/view`));
    expect(await account.text()).toContain('<h1>&lt;img src=x onerror=alert(1)&gt;</h1>');
    expect((await sb.fetch(new Request(`http://sf.test/lightning/r/Contact/${SEED_LEADS.lin}/view`))).status).toBe(404);
    expect((await sb.fetch(new Request('http://sf.test/lightning/r/Nope/1/view'))).status).toBe(404);
    const list = await (await sb.fetch(new Request('http://sf.test/lightning/o/Contact/list'))).text();
    expect(list).toContain(`href="../../r/Contact/${SEED_CONTACTS.olivia}/view">Olivia Stone</a>`);
    expect(sb.requests).toEqual([]);
  });

  it('testing hooks read, edit (Account.Name links an Account), insert and hide', () => {
    const { sb } = sandbox();
    expect(sb.testing.read(SEED_CONTACTS.jonas)).toMatchObject({
      Title: 'CTO',
      'Account.Name': 'Globex Corporation',
      AccountId: SEED_ACCOUNTS.globex,
    });
    expect(sb.testing.read(toId18('003Hs0000000999'))).toBeUndefined();
    sb.testing.edit(SEED_CONTACTS.priya, { 'Account.Name': 'Northwind Traders', Title: 'COO' });
    expect(sb.testing.read(SEED_CONTACTS.priya)).toMatchObject({ 'Account.Name': 'Northwind Traders', Title: 'COO' });
    sb.testing.edit(SEED_CONTACTS.sam, { 'Account.Name': 'northwind traders' });
    expect(sb.list('Account').filter((a) => a.values.Name === 'Northwind Traders')).toHaveLength(1);
    sb.testing.edit(SEED_CONTACTS.sam, { 'Account.Name': null });
    expect(sb.testing.read(SEED_CONTACTS.sam)?.['Account.Name']).toBeNull();
    expect(() => sb.testing.edit(SEED_CONTACTS.sam, { Title: 'x'.repeat(200) })).toThrow(/STRING_TOO_LONG/);
    expect(() => sb.testing.edit('nope', { Title: 'x' })).toThrow(/no record/);
    const id = sb.testing.insert({ Email: 'priya.patel@example.com' });
    expect(sb.testing.read(id)).toMatchObject({ LastName: 'priya.patel', Email: 'priya.patel@example.com' });
    sb.testing.hideFromSearch(id);
    expect(sb.record(id)?.hidden).toBe(true);
  });

  it('inserts leads when Lead is the primary object', () => {
    const { sb } = sandbox({ primaryObject: 'Lead' });
    const id = sb.testing.insert({ Email: 'x@example.com', LastName: 'X' });
    expect(id.startsWith('00Q')).toBe(true);
    expect(sb.testing.read(id)).toMatchObject({ Company: '[not provided]', Status: 'Open - Not Contacted' });
  });

  it('offers the controls over HTTP', async () => {
    const { sb, call } = sandbox();
    const http = (method: string, path: string, body?: unknown) =>
      sb.fetch(
        new Request(`http://sf.test/__sandbox${path}`, {
          method,
          ...(body === undefined
            ? {}
            : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
        }),
      );
    const edited = await http('PATCH', `/records/${SEED_CONTACTS.olivia}`, { values: { Title: 'CEO' } });
    expect(await edited.json()).toMatchObject({ id: SEED_CONTACTS.olivia, values: { Title: 'CEO' } });
    expect(
      (await http('PATCH', `/records/${SEED_CONTACTS.olivia}`, { values: { Title: 'x'.repeat(300) } })).status,
    ).toBe(400);
    await http('PUT', '/rate-limit', { limit: 1 });
    await call('GET', '/sobjects/Contact/describe');
    expect((await call('GET', '/sobjects/Contact/describe')).status).toBe(403);
    await http('PUT', '/rate-limit', null);
    expect((await call('GET', '/sobjects/Contact/describe')).status).toBe(200);
    expect(((await (await http('GET', '/requests')).json()) as { requests: unknown[] }).requests).toHaveLength(3);
    await http('DELETE', '/requests');
    expect(sb.requests).toEqual([]);
    await http('POST', '/expire-tokens');
    expect((await call('GET', '/sobjects/Contact/describe')).status).toBe(401);
    expect(await (await http('POST', '/reset')).json()).toEqual({ status: 'reset', contacts: 7, leads: 7 });
    expect(sb.testing.read(SEED_CONTACTS.olivia)?.Title).toBe('Founder');
    expect((await call('GET', '/sobjects/Contact/describe')).status).toBe(200);
  });

  it('works mounted under a prefix, as the proxy serves it', async () => {
    const { sb } = sandbox();
    const parent = new Hono();
    parent.route('/sandbox/salesforce', sb.app);
    const mounted = (path: string, init?: RequestInit) =>
      parent.fetch(new Request(`http://proxy.test/sandbox/salesforce${path}`, init));
    const token = await mounted('/services/oauth2/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: sb.credentials.clientId,
        client_secret: sb.credentials.clientSecret,
        refresh_token: sb.credentials.refreshToken,
      }),
    });
    const issued = (await token.json()) as { access_token: string; instance_url: string };
    expect(issued.instance_url).toBe('http://proxy.test/sandbox/salesforce');
    const query = await mounted(
      `/services/data/v62.0/query?q=${encodeURIComponent("SELECT Id FROM Contact WHERE Email = 'lin.chen@example.com'")}`,
      {
        headers: { Authorization: `Bearer ${issued.access_token}` },
      },
    );
    expect(((await query.json()) as { records: Array<{ Id: string }> }).records.map((r) => r.Id)).toEqual([
      SEED_CONTACTS.lin,
    ]);
    expect(sb.requests.map((r) => r.path)).toEqual(['/services/oauth2/token', '/services/data/v62.0/query']);
    expect((await mounted(`/lightning/r/Contact/${SEED_CONTACTS.lin}/view`)).status).toBe(200);
    // Through the in-process fetch the prefix is forwarded too.
    const viaFetch = await sb.fetch(
      new Request('http://proxy.test/sandbox/salesforce/services/oauth2/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: sb.credentials.clientId,
          client_secret: sb.credentials.clientSecret,
          refresh_token: sb.credentials.refreshToken,
        }),
      }),
    );
    expect(((await viaFetch.json()) as { instance_url: string }).instance_url).toBe(
      'http://proxy.test/sandbox/salesforce',
    );
  });

  it('starts empty without the seed', async () => {
    const { sb, call } = sandbox({ seed: false });
    expect(sb.list('Contact')).toEqual([]);
    expect(((await call('GET', q('SELECT Id FROM Contact'))).body as { totalSize: number }).totalSize).toBe(0);
  });
});
