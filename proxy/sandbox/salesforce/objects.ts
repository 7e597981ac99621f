/**
 * The sandbox org's schema: the Contact, Lead and Account fields it has, as Salesforce's describe
 * call reports them (name, label, type, length, createable/updateable, nillable, picklists,
 * lookups) (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_describe.htm,
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contact.htm,
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_lead.htm).
 *
 * A realistic subset, chosen for what the product reads and writes. Deliberately absent:
 * `TimeZone__c` — the default mapping sends the time zone there, and this org, like many, has no
 * such custom field, so the planner skips it with a warning. Present for the error paths:
 * `Support_Id__c` (a unique External ID, so a second record with the same value is refused with
 * DUPLICATE_VALUE).
 */
import { KEY_PREFIXES } from '../../crm/salesforce/ids.ts';

/** Field types the sandbox uses (a subset of Salesforce's). */
export type SandboxFieldType =
  'id' | 'string' | 'textarea' | 'email' | 'phone' | 'url' | 'picklist' | 'boolean' | 'datetime' | 'reference';

/** One field of a sandbox object. */
export interface SandboxField {
  name: string;
  label: string;
  type: SandboxFieldType;
  /** Maximum length in characters (text types). */
  length?: number;
  createable: boolean;
  updateable: boolean;
  /** False for required fields (and for system fields that always hold a value). */
  nillable: boolean;
  /** Maintained by the sandbox (Id, CreatedDate, LastModifiedDate, SystemModstamp, Name, IsDeleted, …). */
  system?: boolean;
  custom?: boolean;
  unique?: boolean;
  externalId?: boolean;
  picklist?: { values: readonly string[]; restricted: boolean; defaultValue?: string };
  referenceTo?: readonly string[];
  relationshipName?: string;
}

/** One sandbox object. */
export interface SandboxObjectDef {
  name: 'Contact' | 'Lead' | 'Account';
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: readonly SandboxField[];
  /** Fields a create must fill (nillable false, createable, not defaulted). */
  required: readonly string[];
}

const ro = (name: string, label: string, type: SandboxFieldType, extra: Partial<SandboxField> = {}): SandboxField => ({
  name,
  label,
  type,
  createable: false,
  updateable: false,
  nillable: false,
  system: true,
  ...extra,
});
const rw = (name: string, label: string, type: SandboxFieldType, extra: Partial<SandboxField> = {}): SandboxField => ({
  name,
  label,
  type,
  createable: true,
  updateable: true,
  nillable: true,
  ...extra,
});

const SALUTATIONS = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.', 'Mx.'];
const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
const LEAD_STATUSES = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'];
const INDUSTRIES = ['Agriculture', 'Banking', 'Consulting', 'Education', 'Media', 'Retail', 'Technology', 'Other'];

const systemFields = (): SandboxField[] => [
  ro('CreatedDate', 'Created Date', 'datetime'),
  ro('LastModifiedDate', 'Last Modified Date', 'datetime'),
  ro('SystemModstamp', 'System Modstamp', 'datetime'),
];

const CONTACT: SandboxObjectDef = {
  name: 'Contact',
  label: 'Contact',
  labelPlural: 'Contacts',
  keyPrefix: KEY_PREFIXES.Contact,
  required: ['LastName'],
  fields: [
    ro('Id', 'Contact ID', 'id', { length: 18 }),
    ro('IsDeleted', 'Deleted', 'boolean'),
    rw('AccountId', 'Account ID', 'reference', { length: 18, referenceTo: ['Account'], relationshipName: 'Account' }),
    rw('LastName', 'Last Name', 'string', { length: 80, nillable: false }),
    rw('FirstName', 'First Name', 'string', { length: 40 }),
    rw('Salutation', 'Salutation', 'picklist', {
      length: 40,
      picklist: { values: SALUTATIONS, restricted: true },
    }),
    ro('Name', 'Full Name', 'string', { length: 121 }),
    rw('Phone', 'Business Phone', 'phone', { length: 40 }),
    rw('MobilePhone', 'Mobile Phone', 'phone', { length: 40 }),
    rw('Email', 'Email', 'email', { length: 80 }),
    rw('Title', 'Title', 'string', { length: 128 }),
    rw('Department', 'Department', 'string', { length: 80 }),
    rw('MailingStreet', 'Mailing Street', 'textarea', { length: 255 }),
    rw('MailingCity', 'Mailing City', 'string', { length: 40 }),
    rw('MailingState', 'Mailing State/Province', 'string', { length: 80 }),
    rw('MailingPostalCode', 'Mailing Zip/Postal Code', 'string', { length: 20 }),
    rw('MailingCountry', 'Mailing Country', 'string', { length: 80 }),
    rw('LeadSource', 'Lead Source', 'picklist', { length: 255, picklist: { values: LEAD_SOURCES, restricted: false } }),
    rw('Description', 'Contact Description', 'textarea', { length: 32000 }),
    rw('Support_Id__c', 'Support ID', 'string', { length: 64, custom: true, unique: true, externalId: true }),
    rw('Secondary_Email__c', 'Secondary Email', 'email', { length: 80, custom: true }),
    ...systemFields(),
  ],
};

const LEAD: SandboxObjectDef = {
  name: 'Lead',
  label: 'Lead',
  labelPlural: 'Leads',
  keyPrefix: KEY_PREFIXES.Lead,
  required: ['LastName', 'Company'],
  fields: [
    ro('Id', 'Lead ID', 'id', { length: 18 }),
    ro('IsDeleted', 'Deleted', 'boolean'),
    rw('LastName', 'Last Name', 'string', { length: 80, nillable: false }),
    rw('FirstName', 'First Name', 'string', { length: 40 }),
    rw('Salutation', 'Salutation', 'picklist', { length: 40, picklist: { values: SALUTATIONS, restricted: true } }),
    ro('Name', 'Full Name', 'string', { length: 121 }),
    rw('Title', 'Title', 'string', { length: 128 }),
    rw('Company', 'Company', 'string', { length: 255, nillable: false }),
    rw('Phone', 'Phone', 'phone', { length: 40 }),
    rw('MobilePhone', 'Mobile Phone', 'phone', { length: 40 }),
    rw('Email', 'Email', 'email', { length: 80 }),
    rw('Street', 'Street', 'textarea', { length: 255 }),
    rw('City', 'City', 'string', { length: 40 }),
    rw('State', 'State/Province', 'string', { length: 80 }),
    rw('PostalCode', 'Zip/Postal Code', 'string', { length: 20 }),
    rw('Country', 'Country', 'string', { length: 80 }),
    rw('LeadSource', 'Lead Source', 'picklist', { length: 255, picklist: { values: LEAD_SOURCES, restricted: false } }),
    rw('Status', 'Lead Status', 'picklist', {
      length: 255,
      nillable: false,
      picklist: { values: LEAD_STATUSES, restricted: true, defaultValue: LEAD_STATUSES[0] },
    }),
    ro('IsConverted', 'Converted', 'boolean'),
    rw('Description', 'Description', 'textarea', { length: 32000 }),
    rw('Secondary_Email__c', 'Secondary Email', 'email', { length: 80, custom: true }),
    ...systemFields(),
  ],
};

const ACCOUNT: SandboxObjectDef = {
  name: 'Account',
  label: 'Account',
  labelPlural: 'Accounts',
  keyPrefix: KEY_PREFIXES.Account,
  required: ['Name'],
  fields: [
    ro('Id', 'Account ID', 'id', { length: 18 }),
    ro('IsDeleted', 'Deleted', 'boolean'),
    rw('Name', 'Account Name', 'string', { length: 255, nillable: false }),
    rw('Phone', 'Account Phone', 'phone', { length: 40 }),
    rw('Website', 'Website', 'url', { length: 255 }),
    rw('Industry', 'Industry', 'picklist', { length: 255, picklist: { values: INDUSTRIES, restricted: false } }),
    rw('Description', 'Account Description', 'textarea', { length: 32000 }),
    ...systemFields(),
  ],
};

/** The sandbox's objects by API name. */
export const SANDBOX_OBJECTS: Readonly<Record<SandboxObjectDef['name'], SandboxObjectDef>> = {
  Contact: CONTACT,
  Lead: LEAD,
  Account: ACCOUNT,
};

/** The object named `name` (case-insensitive, as SOQL and the REST paths treat object names), or undefined. */
export function objectNamed(name: string): SandboxObjectDef | undefined {
  const lower = name.toLowerCase();
  return Object.values(SANDBOX_OBJECTS).find((o) => o.name.toLowerCase() === lower);
}

/** The field named `name` on `object` (case-insensitive), or undefined. */
export function fieldNamed(object: SandboxObjectDef, name: string): SandboxField | undefined {
  const lower = name.toLowerCase();
  return object.fields.find((f) => f.name.toLowerCase() === lower);
}

/** The describe JSON of one field (the properties clients read, with Salesforce's defaults for the rest). */
function fieldJson(field: SandboxField): Record<string, unknown> {
  const soapType: Record<SandboxFieldType, string> = {
    id: 'tns:ID',
    reference: 'tns:ID',
    boolean: 'xsd:boolean',
    datetime: 'xsd:dateTime',
    string: 'xsd:string',
    textarea: 'xsd:string',
    email: 'xsd:string',
    phone: 'xsd:string',
    url: 'xsd:string',
    picklist: 'xsd:string',
  };
  return {
    name: field.name,
    label: field.label,
    type: field.type,
    soapType: soapType[field.type],
    length: field.length ?? 0,
    byteLength: (field.length ?? 0) * 3,
    precision: 0,
    scale: 0,
    digits: 0,
    createable: field.createable,
    updateable: field.updateable,
    nillable: field.nillable,
    calculated: false,
    custom: field.custom ?? false,
    unique: field.unique ?? false,
    externalId: field.externalId ?? false,
    idLookup: field.type === 'id' || field.type === 'email' || (field.externalId ?? false),
    filterable: field.type !== 'textarea',
    sortable: field.type !== 'textarea',
    defaultedOnCreate: field.system === true || field.picklist?.defaultValue !== undefined,
    nameField: field.name === 'Name',
    picklistValues: (field.picklist?.values ?? []).map((value) => ({
      active: true,
      defaultValue: value === field.picklist?.defaultValue,
      label: value,
      validFor: null,
      value,
    })),
    restrictedPicklist: field.picklist?.restricted ?? false,
    referenceTo: [...(field.referenceTo ?? [])],
    relationshipName: field.relationshipName ?? null,
  };
}

/** `GET /sobjects/<Object>/describe` for `object`, with URLs under API version `version` ("v62.0"). */
export function describeJson(object: SandboxObjectDef, version: string): Record<string, unknown> {
  const base = `/services/data/${version}/sobjects/${object.name}`;
  return {
    name: object.name,
    label: object.label,
    labelPlural: object.labelPlural,
    keyPrefix: object.keyPrefix,
    custom: false,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    searchable: true,
    fields: object.fields.map(fieldJson),
    urls: {
      sobject: base,
      describe: `${base}/describe`,
      rowTemplate: `${base}/{ID}`,
    },
  };
}
