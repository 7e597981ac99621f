/**
 * The `$batch` multipart format (proxy/crm/dynamics/batch.ts): a request the provider writes, read
 * back as the sandbox reads it; a response as Dataverse's documentation shows one; change sets.
 */
import { describe, expect, it } from 'vitest';
import {
  BatchFormatError,
  boundaryOf,
  buildBatchRequest,
  buildBatchResponse,
  parseBatchRequest,
  parseBatchResponse,
} from '../../../proxy/crm/dynamics/batch.ts';

const CRLF = '\r\n';

describe('boundaryOf', () => {
  it('reads the boundary of a multipart/mixed Content-Type, quoted or not', () => {
    expect(boundaryOf('multipart/mixed; boundary=batch_123')).toBe('batch_123');
    expect(boundaryOf('multipart/mixed;boundary="batchresponse_1-2"')).toBe('batchresponse_1-2');
    expect(boundaryOf('application/json')).toBeNull();
    expect(boundaryOf(null)).toBeNull();
  });
});

describe('batch requests', () => {
  it('writes independent requests with CRLF lines that read back the same', () => {
    const body = buildBatchRequest('batch_abc', [
      {
        method: 'POST',
        url: 'https://org.crm.dynamics.com/api/data/v9.2/leads?$select=leadid',
        headers: { Prefer: 'return=representation' },
        json: { lastname: 'Watson', emailaddress1: "o'brien@example.com" },
      },
      {
        method: 'PATCH',
        url: 'https://org.crm.dynamics.com/api/data/v9.2/contacts(bfa95168-330d-47c2-a4eb-4d01c5718a91)',
        headers: { 'If-Match': '*' },
        json: { jobtitle: 'CEO\r\nsecond line' },
      },
    ]);

    expect(body.startsWith(`--batch_abc${CRLF}Content-Type: application/http${CRLF}`)).toBe(true);
    expect(body.endsWith(`--batch_abc--${CRLF}`)).toBe(true);
    expect(body).toContain(`POST https://org.crm.dynamics.com/api/data/v9.2/leads?$select=leadid HTTP/1.1${CRLF}`);
    expect(body).toContain(`Content-Type: application/json; type=entry${CRLF}`);

    const parts = parseBatchRequest(body, 'batch_abc');
    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatchObject({ method: 'POST', changeSet: null });
    expect(parts[0]!.headers.get('prefer')).toBe('return=representation');
    expect(JSON.parse(parts[0]!.body)).toEqual({ lastname: 'Watson', emailaddress1: "o'brien@example.com" });
    expect(parts[1]).toMatchObject({ method: 'PATCH', url: expect.stringContaining('contacts(bfa95168') });
    expect(parts[1]!.headers.get('if-match')).toBe('*');
    expect(JSON.parse(parts[1]!.body)).toEqual({ jobtitle: 'CEO\r\nsecond line' });
  });

  it('reads a change set as its requests, each tagged with the change set', () => {
    const body = [
      '--batch_AAA123',
      'Content-Type: multipart/mixed; boundary=changeset_BBB456',
      '',
      '--changeset_BBB456',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      'POST https://org.crm.dynamics.com/api/data/v9.2/accounts HTTP/1.1',
      'Content-Type: application/json; type=entry',
      '',
      '{"name":"Sample Account"}',
      '--changeset_BBB456',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 2',
      '',
      'POST https://org.crm.dynamics.com/api/data/v9.2/accounts HTTP/1.1',
      'Content-Type: application/json; type=entry',
      '',
      '{"name":"Second"}',
      '--changeset_BBB456--',
      '--batch_AAA123',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'GET https://org.crm.dynamics.com/api/data/v9.2/accounts?$select=name HTTP/1.1',
      'Accept: application/json',
      '',
      '',
      '--batch_AAA123--',
      '',
    ].join(CRLF);

    const parts = parseBatchRequest(body, 'batch_AAA123');

    expect(parts.map((p) => [p.method, p.changeSet])).toEqual([
      ['POST', 'changeset_BBB456'],
      ['POST', 'changeset_BBB456'],
      ['GET', null],
    ]);
    expect(JSON.parse(parts[1]!.body)).toEqual({ name: 'Second' });
    expect(parts[2]!.body).toBe('');
  });

  it('refuses a body that is not a batch', () => {
    expect(() => parseBatchRequest('{"not":"multipart"}', 'batch_x')).toThrow(BatchFormatError);
    expect(() =>
      parseBatchRequest(
        `--batch_x${CRLF}Content-Type: application/http${CRLF}${CRLF}nonsense${CRLF}--batch_x--`,
        'batch_x',
      ),
    ).toThrow(/request line/);
  });
});

describe('batch responses', () => {
  it('reads a response like the documented one: statuses, headers and bodies in order', () => {
    const text = [
      '--batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'HTTP/1.1 204 No Content',
      'OData-Version: 4.0',
      'Location: https://org.crm.dynamics.com/api/data/v9.2/tasks(a59c24f3-fafc-e411-80dd-00155d2a68cb)',
      'OData-EntityId: https://org.crm.dynamics.com/api/data/v9.2/tasks(a59c24f3-fafc-e411-80dd-00155d2a68cb)',
      '',
      '',
      '--batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'HTTP/1.1 500 Internal Server Error',
      'Content-Type: application/json; odata.metadata=minimal',
      'OData-Version: 4.0',
      '',
      '{"error":{"code":"0x80040333","message":"A record was not created or updated because a duplicate of the current record already exists."}}',
      '--batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f--',
      '',
    ].join(CRLF);

    const parts = parseBatchResponse(text, 'batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f');

    expect(parts.map((p) => p.status)).toEqual([204, 500]);
    expect(parts[0]!.headers.get('odata-entityid')).toMatch(/tasks\(a59c24f3-/);
    expect(parts[0]!.body).toBe('');
    expect(JSON.parse(parts[1]!.body)).toMatchObject({ error: { code: '0x80040333' } });
  });

  it('writes what it reads (the sandbox side), tolerating LF-only line ends', () => {
    const written = buildBatchResponse('batchresponse_1', [
      {
        status: 201,
        statusText: 'Created',
        headers: new Headers({ 'Content-Type': 'application/json' }),
        body: '{"leadid":"x"}',
      },
      {
        status: 204,
        statusText: 'No Content',
        headers: new Headers({ 'OData-EntityId': 'https://o/api/data/v9.2/leads(y)' }),
        body: '',
      },
    ]);

    for (const text of [written, written.replaceAll(CRLF, '\n')]) {
      const parts = parseBatchResponse(text, 'batchresponse_1');
      expect(parts.map((p) => p.status)).toEqual([201, 204]);
      expect(JSON.parse(parts[0]!.body)).toEqual({ leadid: 'x' });
      expect(parts[1]!.headers.get('odata-entityid')).toBe('https://o/api/data/v9.2/leads(y)');
    }
  });

  it('flattens a change set response and refuses parts without a status line', () => {
    const text = [
      '--batchresponse_1',
      'Content-Type: multipart/mixed; boundary=changesetresponse_2',
      '',
      '--changesetresponse_2',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'HTTP/1.1 204 No Content',
      '',
      '',
      '--changesetresponse_2--',
      '--batchresponse_1--',
    ].join(CRLF);
    expect(parseBatchResponse(text, 'batchresponse_1').map((p) => p.status)).toEqual([204]);
    expect(() =>
      parseBatchResponse(`--b${CRLF}Content-Type: application/http${CRLF}${CRLF}garbage${CRLF}--b--`, 'b'),
    ).toThrow(BatchFormatError);
  });
});
