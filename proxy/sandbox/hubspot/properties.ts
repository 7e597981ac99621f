/**
 * The sandbox portal's contact properties: a subset of HubSpot's standard contact properties, in the
 * shape `GET /crm/v3/properties/contacts` answers (https://developers.hubspot.com/docs/api/crm/properties).
 *
 * Deliberately there is NO `notes` property: most real portals lack one, and the product must skip a
 * mapped property the portal does not have (with a warning) instead of failing the write.
 */

/** HubSpot property data types (`type`) used here. */
export type PropertyType = 'string' | 'number' | 'enumeration' | 'datetime';
/** HubSpot form field types (`fieldType`) used here. */
export type PropertyFieldType = 'text' | 'textarea' | 'phonenumber' | 'select' | 'radio' | 'number' | 'date';

/** One option of an enumeration property. */
export interface PropertyOption {
  label: string;
  value: string;
}

/** A property definition as the sandbox keeps it. */
export interface SandboxProperty {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: PropertyFieldType;
  groupName: string;
  description: string;
  options?: readonly PropertyOption[];
  /** HubSpot computes the value; it cannot be written (`calculated: true`). */
  calculated?: boolean;
  /** The value cannot be written through the API (`modificationMetadata.readOnlyValue`). */
  readOnly?: boolean;
}

/** Time zones offered by `hs_timezone`, encoded the way HubSpot encodes IANA names ("/" → "_slash_"). */
const TIME_ZONES: readonly PropertyOption[] = [
  { label: '(GMT-08:00) America/Los Angeles', value: 'america_slash_los_angeles' },
  { label: '(GMT-07:00) America/Denver', value: 'america_slash_denver' },
  { label: '(GMT-06:00) America/Chicago', value: 'america_slash_chicago' },
  { label: '(GMT-05:00) America/New York', value: 'america_slash_new_york' },
  { label: '(GMT+00:00) Europe/London', value: 'europe_slash_london' },
  { label: '(GMT+01:00) Europe/Berlin', value: 'europe_slash_berlin' },
  { label: '(GMT+05:30) Asia/Kolkata', value: 'asia_slash_kolkata' },
  { label: '(GMT+09:00) Asia/Tokyo', value: 'asia_slash_tokyo' },
];

/** HubSpot's default lifecycle stages (internal values). */
const LIFECYCLE_STAGES: readonly PropertyOption[] = [
  { label: 'Subscriber', value: 'subscriber' },
  { label: 'Lead', value: 'lead' },
  { label: 'Marketing Qualified Lead', value: 'marketingqualifiedlead' },
  { label: 'Sales Qualified Lead', value: 'salesqualifiedlead' },
  { label: 'Opportunity', value: 'opportunity' },
  { label: 'Customer', value: 'customer' },
  { label: 'Evangelist', value: 'evangelist' },
  { label: 'Other', value: 'other' },
];

const text = (name: string, label: string, description: string, fieldType: PropertyFieldType = 'text') =>
  ({ name, label, type: 'string', fieldType, groupName: 'contactinformation', description }) as const;

/** The sandbox portal's contact properties, in display order. */
export const SANDBOX_CONTACT_PROPERTIES: readonly SandboxProperty[] = [
  text('email', 'Email', "A contact's email address"),
  text('firstname', 'First Name', "A contact's first name"),
  text('lastname', 'Last Name', "A contact's last name"),
  text('phone', 'Phone Number', "A contact's primary phone number", 'phonenumber'),
  text('mobilephone', 'Mobile Phone Number', "A contact's mobile phone number", 'phonenumber'),
  text(
    'hs_additional_emails',
    'Additional email addresses',
    "A contact's secondary email addresses, separated by semicolons",
  ),
  text('company', 'Company Name', "Name of the contact's company, as typed on the contact record"),
  text('jobtitle', 'Job Title', "A contact's job title"),
  text('address', 'Street Address', "A contact's street address, including apartment or unit number"),
  text('city', 'City', "A contact's city of residence"),
  text('state', 'State/Region', "The contact's state of residence"),
  text('zip', 'Postal Code', "The contact's zip code"),
  text('country', 'Country/Region', "The contact's country/region of residence"),
  text('website', 'Website URL', "The contact's company website"),
  {
    name: 'hs_timezone',
    label: 'Time Zone',
    type: 'enumeration',
    fieldType: 'select',
    groupName: 'contactinformation',
    description: "The contact's time zone",
    options: TIME_ZONES,
  },
  {
    name: 'lifecyclestage',
    label: 'Lifecycle Stage',
    type: 'enumeration',
    fieldType: 'radio',
    groupName: 'contactinformation',
    description: 'The qualification of contacts to sales readiness',
    options: LIFECYCLE_STAGES,
  },
  {
    name: 'createdate',
    label: 'Create Date',
    type: 'datetime',
    fieldType: 'date',
    groupName: 'contactinformation',
    description: 'The date that a contact entered the system',
    readOnly: true,
  },
  {
    name: 'lastmodifieddate',
    label: 'Last Modified Date',
    type: 'datetime',
    fieldType: 'date',
    groupName: 'contactinformation',
    description: 'Most recent timestamp of any property update for a contact',
    readOnly: true,
  },
  {
    name: 'hs_object_id',
    label: 'Record ID',
    type: 'number',
    fieldType: 'number',
    groupName: 'contactinformation',
    description: 'The unique ID for this record. This value is set automatically by HubSpot.',
    readOnly: true,
  },
  {
    name: 'hs_searchable_calculated_phone_number',
    label: 'Phone number (searchable)',
    type: 'string',
    fieldType: 'text',
    groupName: 'contactinformation',
    description: "The contact's phone number without its country code, digits only (calculated from Phone Number)",
    calculated: true,
    readOnly: true,
  },
];

/** Properties returned when a read names none (HubSpot's contact defaults). */
export const DEFAULT_RETURNED_PROPERTIES: readonly string[] = [
  'createdate',
  'email',
  'firstname',
  'hs_object_id',
  'lastmodifieddate',
  'lastname',
];

/** Properties every read returns, requested or not. */
export const ALWAYS_RETURNED_PROPERTIES: readonly string[] = ['createdate', 'hs_object_id', 'lastmodifieddate'];

const PROPERTY_TIMESTAMP = '2019-08-06T02:41:08.501Z';

/** One property in HubSpot's JSON shape (properties API). */
export function propertyJson(p: SandboxProperty, displayOrder: number) {
  return {
    updatedAt: PROPERTY_TIMESTAMP,
    createdAt: PROPERTY_TIMESTAMP,
    name: p.name,
    label: p.label,
    type: p.type,
    fieldType: p.fieldType,
    description: p.description,
    groupName: p.groupName,
    options: (p.options ?? []).map((o, i) => ({ label: o.label, value: o.value, displayOrder: i, hidden: false })),
    displayOrder,
    calculated: p.calculated === true,
    externalOptions: false,
    hasUniqueValue: false,
    hidden: false,
    hubspotDefined: true,
    modificationMetadata: {
      archivable: false,
      readOnlyDefinition: true,
      readOnlyValue: p.readOnly === true || p.calculated === true,
    },
    formField: !(p.readOnly === true || p.calculated === true),
    dataSensitivity: 'non_sensitive',
  };
}
