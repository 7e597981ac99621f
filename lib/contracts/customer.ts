/**
 * The customer as read from a helpdesk ticket. Shared by the content script (which produces it),
 * the background worker (which forwards it) and the proxy (which syncs it).
 *
 * Imports nothing but zod.
 */
import { z } from 'zod';

/** Helpdesks the extension has an adapter for; `custom` is a team lead's own selectors. */
export const HELPDESK_IDS = [
  'zendesk',
  'freshdesk',
  'helpscout',
  'intercom',
  'front',
  'zohodesk',
  'gorgias',
  'custom',
] as const;
export const HelpdeskId = z.enum(HELPDESK_IDS);
export type HelpdeskId = z.infer<typeof HelpdeskId>;

/** Human names of the helpdesks, for messages such as "Can't read this Zendesk ticket". */
export const HELPDESK_LABELS: Record<HelpdeskId, string> = {
  zendesk: 'Zendesk',
  freshdesk: 'Freshdesk',
  helpscout: 'Help Scout',
  intercom: 'Intercom',
  front: 'Front',
  zohodesk: 'Zoho Desk',
  gorgias: 'Gorgias',
  custom: 'helpdesk',
};

/**
 * The canonical customer fields, in display order. Every mapping, conflict and CRM value in the
 * product is keyed by one of these.
 */
export const CUSTOMER_FIELDS = [
  'name',
  'email',
  'phone',
  'company',
  'jobTitle',
  'location',
  'timeZone',
  'notes',
] as const;
export const CustomerField = z.enum(CUSTOMER_FIELDS);
export type CustomerField = z.infer<typeof CustomerField>;

/** The words the sidebar uses for each field (conflict rows are labelled with these). */
export const FIELD_LABELS: Record<CustomerField, string> = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
  jobTitle: 'Job title',
  location: 'Location',
  timeZone: 'Time zone',
  notes: 'Notes',
};

/** Longest value accepted per field, in UTF-16 code units. Longer input is a 4xx, never truncated. */
export const FIELD_MAX_LENGTH: Record<CustomerField, number> = {
  name: 300,
  email: 254,
  phone: 64,
  company: 300,
  jobTitle: 300,
  location: 300,
  timeZone: 100,
  notes: 10_000,
};

const fieldValue = (field: CustomerField) =>
  z
    .string()
    .max(FIELD_MAX_LENGTH[field], `${FIELD_LABELS[field]} is longer than ${FIELD_MAX_LENGTH[field]} characters`)
    .nullish();

/**
 * A helpdesk customer (the ticket's requester).
 *
 * - `helpdesk` + `account` + `id` identify the person inside one helpdesk account; `account` is the
 *   helpdesk's tenant (Zendesk subdomain "acme", Freshdesk domain, ...), `id` the helpdesk's user id.
 * - Every other field is optional text; `null`, `undefined` and whitespace-only all mean "blank".
 * - `updatedAt` (ISO 8601 with offset) is when the helpdesk last changed this person; it feeds the
 *   `last_write_wins` conflict policy.
 */
export const Customer = z.object({
  helpdesk: HelpdeskId,
  account: z.string().trim().min(1, 'account is required').max(253),
  id: z.string().trim().min(1, 'id is required').max(128),
  name: fieldValue('name'),
  email: fieldValue('email'),
  phone: fieldValue('phone'),
  company: fieldValue('company'),
  jobTitle: fieldValue('jobTitle'),
  location: fieldValue('location'),
  timeZone: fieldValue('timeZone'),
  notes: fieldValue('notes'),
  updatedAt: z.iso.datetime({ offset: true }).nullish(),
});
export type Customer = z.infer<typeof Customer>;

/**
 * Stable key of a helpdesk customer across the product: `helpdesk:account:id`
 * (e.g. `zendesk:acme:381`). Used for links, history and the extension's cache.
 */
export function customerKey(c: Pick<Customer, 'helpdesk' | 'account' | 'id'>): string {
  return `${c.helpdesk}:${c.account}:${c.id}`;
}

/** The agent acting in the sidebar, when the helpdesk tells us; recorded in history and on resolutions. */
export const Actor = z.object({
  name: z.string().max(200).nullish(),
  email: z.string().max(254).nullish(),
});
export type Actor = z.infer<typeof Actor>;

/** A ticket as the sidebar knows it: which helpdesk, which tenant, which ticket, at what URL. */
export const TicketRef = z.object({
  helpdesk: HelpdeskId,
  account: z.string().min(1),
  ticketId: z.string().min(1),
  url: z.string().url(),
});
export type TicketRef = z.infer<typeof TicketRef>;

/** Key of a ticket in the extension's cache: `helpdesk:account:ticketId`. */
export function ticketKey(t: Pick<TicketRef, 'helpdesk' | 'account' | 'ticketId'>): string {
  return `${t.helpdesk}:${t.account}:${t.ticketId}`;
}
