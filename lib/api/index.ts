/** lib/api: the background's client for the sync proxy. */
export * from './client.ts';
export * from './errors.ts';
