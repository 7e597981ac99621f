import { describe, expect, test } from 'vitest';
import { CONTENT_SCRIPT_MATCHES, findAdapter, HELPDESK_ADAPTERS, recognise } from '../../lib/helpdesks/index.ts';

describe.each(HELPDESK_ADAPTERS.map((a) => [a.id, a] as const))('%s adapter', (_id, adapter) => {
  test('has example URLs, both ticket pages and others', () => {
    expect(adapter.testUrls.some((t) => t.expected !== null)).toBe(true);
    expect(adapter.testUrls.some((t) => t.expected === null)).toBe(true);
  });

  test.each(adapter.testUrls.map((t) => [t.url, t.expected] as const))('detect(%s)', (url, expected) => {
    expect(adapter.detect(new URL(url))).toEqual(expected);
  });

  test('every ticket URL is covered by its match patterns, so the content script runs there', () => {
    for (const { url, expected } of adapter.testUrls) {
      if (expected === null) continue;
      expect(findAdapter(url)).toBe(adapter);
      expect(recognise(url)).toEqual({ adapter, ticket: expected });
    }
  });

  test('its match patterns are part of the content script matches', () => {
    for (const pattern of adapter.matches) expect(CONTENT_SCRIPT_MATCHES).toContain(pattern);
  });
});

describe('registry', () => {
  test('ids are unique', () => {
    const ids = HELPDESK_ADAPTERS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('pages of no known helpdesk have no adapter', () => {
    expect(findAdapter('https://example.com/agent/tickets/1')).toBeNull();
    expect(findAdapter('not a url')).toBeNull();
    expect(recognise('https://demo.zendesk.com/agent/filters/1')).toEqual({
      adapter: HELPDESK_ADAPTERS[0],
      ticket: null,
    });
  });
});
