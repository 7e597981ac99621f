/**
 * lib/contracts: the zod schemas shared by extension and proxy. Imports nothing but zod.
 * Every boundary (message, HTTP body) is parsed with one of these.
 */
export * from './crm.ts';
export * from './customer.ts';
export * from './errors.ts';
export * from './sync.ts';
