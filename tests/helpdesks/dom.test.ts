import { expect, test } from 'vitest';
import { queryFirst, textFrom } from '../../lib/helpdesks/dom.ts';

test('queryFirst tries selectors in order and skips invalid ones', () => {
  document.body.innerHTML = '<div class="old">old</div><div data-new>new</div>';
  expect(queryFirst(document, ['[data-new]', '.old'])?.textContent).toBe('new');
  expect(queryFirst(document, ['::-zendesk-only', '.missing', '.old'])?.textContent).toBe('old');
  expect(queryFirst(document, ['.missing'])).toBeNull();
});

test('textFrom collapses whitespace, reads form values and treats blank as null', () => {
  document.body.innerHTML = `
    <p class="name">  Priya
      Patel </p>
    <input class="email" value=" priya@example.com ">
    <span class="blank">   </span>`;
  expect(textFrom(document, ['.name'])).toBe('Priya Patel');
  expect(textFrom(document, ['.email'])).toBe('priya@example.com');
  expect(textFrom(document, ['.blank'])).toBeNull();
  expect(textFrom(document, ['.none'])).toBeNull();
});
