/**
 * Record ids of the sandbox org, shaped like Salesforce's: key prefix (003 Contact, 00Q Lead, 001
 * Account), the pod "Hs", zero padding and a sequence number — 15 characters — plus the 3-character
 * case-safe suffix, e.g. `003Hs00000000001AAA`
 * (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/field_types.htm#i1435616).
 * Seeded records are numbered 1–99, records created through the API from 101.
 */
import { toId18 } from '../../crm/salesforce/ids.ts';

/** The 18-character id of record number `n` of the object with key prefix `prefix`. */
export function newRecordId(prefix: string, n: number): string {
  return toId18(`${prefix}Hs00000${String(n).padStart(5, '0')}`);
}
