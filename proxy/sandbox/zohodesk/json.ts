/**
 * The emulator's records as Zoho Desk's v1 API writes them (Get a ticket, Get a contact, List all
 * threads, Get my information, Get all organizations: https://desk.zoho.com/DeskAPIDocument).
 */
import type { ZohoAccount, ZohoAgent, ZohoContact, ZohoOrganization, ZohoThread, ZohoTicket } from './data.ts';

/** What the agent-app links (`webUrl`) and department ids in the JSON are built from. */
export interface JsonContext {
  origin: string;
  portal: string;
  departmentId: string;
  /** The department's segment in agent URLs. */
  departmentSlug: string;
}

export function organizationJson(origin: string, o: ZohoOrganization) {
  return {
    id: o.id,
    companyName: o.companyName,
    portalName: o.portalName,
    portalURL: `${origin}/support/${o.portalName}`,
    alias: null,
    edition: 'ENTERPRISE',
    isDefault: true,
    isAdminInOrg: false,
    isPayloadEncryptionEnabled: false,
    description: null,
    logoURL: null,
  };
}

export function accountJson(a: ZohoAccount) {
  return { id: a.id, accountName: a.accountName, website: a.website };
}

export function contactJson(ctx: JsonContext, c: ZohoContact, account: ZohoAccount | undefined, withAccount: boolean) {
  return {
    id: c.id,
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    secondaryEmail: null,
    phone: c.phone,
    mobile: c.mobile,
    title: c.title,
    type: null,
    street: null,
    city: c.city,
    state: c.state,
    zip: null,
    country: c.country,
    description: c.description,
    ownerId: null,
    accountId: c.accountId,
    ...(withAccount ? { account: account ? accountJson(account) : null } : {}),
    photoURL: null,
    webUrl: `${ctx.origin}/agent/${ctx.portal}/${ctx.departmentSlug}/contacts/details/${c.id}`,
    isAnonymous: false,
    isSpam: false,
    isDeleted: false,
    isTrashed: false,
    zohoCRMContact: null,
    customFields: {},
    cf: {},
    createdTime: c.createdTime,
    modifiedTime: c.modifiedTime,
  };
}

export function ticketJson(
  ctx: JsonContext,
  t: ZohoTicket,
  contact: ZohoContact | undefined,
  account: ZohoAccount | undefined,
  includeContact: boolean,
) {
  return {
    id: t.id,
    ticketNumber: t.ticketNumber,
    subject: t.subject,
    description: t.threads[0]?.content ?? null,
    status: t.status,
    statusType: t.status === 'Closed' ? 'Closed' : t.status === 'On Hold' ? 'On Hold' : 'Open',
    priority: t.priority,
    channel: t.channel,
    language: 'English',
    category: null,
    subCategory: null,
    classification: null,
    departmentId: ctx.departmentId,
    contactId: t.contactId,
    email: contact?.email ?? null,
    phone: contact?.phone ?? null,
    assigneeId: t.assigneeId,
    productId: null,
    threadCount: String(t.threads.length),
    commentCount: '0',
    isSpam: false,
    isOverDue: false,
    isTrashed: false,
    dueDate: null,
    createdTime: t.createdTime,
    modifiedTime: t.modifiedTime,
    closedTime: t.status === 'Closed' ? t.modifiedTime : null,
    webUrl: `${ctx.origin}/agent/${ctx.portal}/${ctx.departmentSlug}/tickets/details/${t.id}`,
    ...(includeContact && contact
      ? {
          contact: {
            id: contact.id,
            firstName: contact.firstName,
            lastName: contact.lastName,
            email: contact.email,
            phone: contact.phone,
            mobile: contact.mobile,
            isSpam: false,
            type: null,
            account: account ? accountJson(account) : null,
          },
        }
      : {}),
  };
}

export function threadJson(t: ZohoThread, author: { name: string; type: 'END_USER' | 'AGENT' }) {
  return {
    id: t.id,
    channel: 'EMAIL',
    direction: t.direction,
    status: 'SUCCESS',
    summary: t.content,
    content: t.content,
    contentType: 'text/plain',
    isDescriptionThread: false,
    visibility: 'public',
    author: { name: author.name, type: author.type, photoURL: null },
    createdTime: t.createdTime,
    hasAttach: false,
  };
}

export function myInfoJson(a: ZohoAgent) {
  return {
    id: a.id,
    firstName: a.firstName,
    lastName: a.lastName,
    name: `${a.firstName} ${a.lastName}`.trim(),
    emailId: a.emailId,
    status: 'ACTIVE',
    roleId: '483920000000000101',
    profileId: '483920000000000102',
    isConfirmed: true,
    langCode: 'en_US',
    timeZone: 'America/New_York',
  };
}
