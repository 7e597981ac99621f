/**
 * Salesforce record ids: 15 case-sensitive base-62 characters, or the same 15 plus a 3-character
 * case-safe suffix (18). The first three characters are the object's key prefix (`003` Contact,
 * `00Q` Lead, `001` Account), as the describe call reports it in `keyPrefix`
 * (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/field_types.htm#i1435616,
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm).
 */

/** Key prefixes of the objects the product uses. */
export const KEY_PREFIXES = { Contact: '003', Lead: '00Q', Account: '001' } as const;
export type KeyPrefixedObject = keyof typeof KEY_PREFIXES;

const ID_15_OR_18 = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** True for a well-formed 15- or 18-character id (the suffix of an 18-character id is checked too). */
export function isSalesforceId(value: string): boolean {
  if (!ID_15_OR_18.test(value)) return false;
  return value.length === 15 || caseSafeSuffix(value.slice(0, 15)) === value.slice(15);
}

/**
 * The 3-character suffix that makes a 15-character id case-insensitively unique: for each block of
 * five characters, a 5-bit number whose bit i is set when character i is an upper-case letter,
 * written with the alphabet A–Z0–5.
 */
export function caseSafeSuffix(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15.charAt(block * 5 + i);
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/** The 18-character form of a well-formed 15- or 18-character id (unchanged when already 18). */
export function toId18(id: string): string {
  return id.length === 15 ? id + caseSafeSuffix(id) : id;
}

/** The object a key prefix belongs to among {@link KEY_PREFIXES}, or undefined. */
export function objectOfId(id: string): KeyPrefixedObject | undefined {
  const prefix = id.slice(0, 3);
  return (Object.keys(KEY_PREFIXES) as KeyPrefixedObject[]).find((name) => KEY_PREFIXES[name] === prefix);
}
