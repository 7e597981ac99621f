/**
 * The tables (entities) and columns (attributes) the Dynamics 365 sandbox knows: a faithful subset
 * of Dataverse's standard `contact`, `lead` and `account` tables, with the logical names, display
 * names, types, string formats, maximum lengths, option sets and create/update validity that
 * Dataverse reports through `EntityDefinitions(LogicalName='…')/Attributes`
 * (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query-metadata-web-api,
 * contact: https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/contact,
 * lead: https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/lead,
 * account: https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/account).
 */

/** Dataverse `AttributeType` values the sandbox uses. */
export type AttributeType =
  | 'String'
  | 'Memo'
  | 'Picklist'
  | 'State'
  | 'Status'
  | 'DateTime'
  | 'Uniqueidentifier'
  | 'Customer'
  | 'Lookup'
  | 'Integer';

/** `FormatName.Value` of a String attribute. */
export type StringFormat = 'Text' | 'Email' | 'Phone' | 'Url' | 'TextArea';

/** One option of a choice (picklist) column. */
export interface OptionDefinition {
  value: number;
  label: string;
}

/** One column of a table. */
export interface AttributeDefinition {
  logicalName: string;
  /** PascalCase schema name, e.g. `EMailAddress1`. */
  schemaName: string;
  displayName: string;
  type: AttributeType;
  /** For String attributes. */
  format?: StringFormat;
  /** For String and Memo attributes: the most characters a value may have. */
  maxLength?: number;
  /** For Picklist, State and Status attributes. */
  options?: readonly OptionDefinition[];
  validForCreate: boolean;
  validForUpdate: boolean;
  requiredLevel: 'None' | 'Recommended' | 'ApplicationRequired' | 'SystemRequired';
  /** For lookups: the tables the lookup may point at. */
  targets?: readonly string[];
}

/** One table the sandbox serves. */
export interface EntityDefinition {
  logicalName: 'contact' | 'lead' | 'account';
  /** The Web API entity set, e.g. `contacts`. */
  entitySetName: string;
  displayName: string;
  /** The primary key column, e.g. `contactid`. */
  primaryIdAttribute: string;
  /** The primary name column, e.g. `fullname`. */
  primaryNameAttribute: string;
  /** Metadata id (stable GUID) reported by EntityDefinitions. */
  metadataId: string;
  attributes: readonly AttributeDefinition[];
  /** Single-valued navigation properties that may be expanded or bound with `@odata.bind`. */
  navigation: readonly NavigationDefinition[];
}

/** A single-valued navigation property such as `parentcustomerid_account`. */
export interface NavigationDefinition {
  /** Navigation property name, e.g. `parentcustomerid_account`. */
  name: string;
  /** The lookup column it goes through, e.g. `parentcustomerid`. */
  lookup: string;
  /** The table it points at, e.g. `account`. */
  target: 'contact' | 'lead' | 'account';
}

const str = (
  logicalName: string,
  schemaName: string,
  displayName: string,
  maxLength: number,
  format: StringFormat = 'Text',
  extra: Partial<AttributeDefinition> = {},
): AttributeDefinition => ({
  logicalName,
  schemaName,
  displayName,
  type: 'String',
  format,
  maxLength,
  validForCreate: true,
  validForUpdate: true,
  requiredLevel: 'None',
  ...extra,
});

const readOnly = { validForCreate: false, validForUpdate: false } as const;

const system = (
  logicalName: string,
  schemaName: string,
  displayName: string,
  type: AttributeType,
): AttributeDefinition => ({
  logicalName,
  schemaName,
  displayName,
  type,
  ...readOnly,
  requiredLevel: 'SystemRequired',
});

const STATE_ACTIVE: readonly OptionDefinition[] = [
  { value: 0, label: 'Active' },
  { value: 1, label: 'Inactive' },
];

/** The `contact` table. */
export const CONTACT: EntityDefinition = {
  logicalName: 'contact',
  entitySetName: 'contacts',
  displayName: 'Contact',
  primaryIdAttribute: 'contactid',
  primaryNameAttribute: 'fullname',
  metadataId: '608861bc-50a4-4c5f-a02c-21fe1943e2cf',
  attributes: [
    { ...system('contactid', 'ContactId', 'Contact', 'Uniqueidentifier'), validForCreate: true },
    str('firstname', 'FirstName', 'First Name', 50, 'Text', { requiredLevel: 'ApplicationRequired' }),
    str('lastname', 'LastName', 'Last Name', 50, 'Text', { requiredLevel: 'ApplicationRequired' }),
    str('fullname', 'FullName', 'Full Name', 160, 'Text', readOnly),
    str('emailaddress1', 'EMailAddress1', 'Email', 100, 'Email'),
    str('emailaddress2', 'EMailAddress2', 'Email Address 2', 100, 'Email'),
    str('telephone1', 'Telephone1', 'Business Phone', 50, 'Phone'),
    str('mobilephone', 'MobilePhone', 'Mobile Phone', 50, 'Phone'),
    str('jobtitle', 'JobTitle', 'Job Title', 100),
    str('address1_city', 'Address1_City', 'Address 1: City', 80),
    str('address1_composite', 'Address1_Composite', 'Address 1', 1000, 'TextArea', readOnly),
    {
      logicalName: 'description',
      schemaName: 'Description',
      displayName: 'Description',
      type: 'Memo',
      maxLength: 2000,
      validForCreate: true,
      validForUpdate: true,
      requiredLevel: 'None',
    },
    {
      logicalName: 'parentcustomerid',
      schemaName: 'ParentCustomerId',
      displayName: 'Company Name',
      type: 'Customer',
      targets: ['account', 'contact'],
      validForCreate: true,
      validForUpdate: true,
      requiredLevel: 'None',
    },
    {
      logicalName: 'preferredcontactmethodcode',
      schemaName: 'PreferredContactMethodCode',
      displayName: 'Preferred Method of Contact',
      type: 'Picklist',
      options: [
        { value: 1, label: 'Any' },
        { value: 2, label: 'Email' },
        { value: 3, label: 'Phone' },
        { value: 4, label: 'Fax' },
        { value: 5, label: 'Mail' },
      ],
      validForCreate: true,
      validForUpdate: true,
      requiredLevel: 'None',
    },
    {
      logicalName: 'statecode',
      schemaName: 'StateCode',
      displayName: 'Status',
      type: 'State',
      options: STATE_ACTIVE,
      validForCreate: false,
      validForUpdate: true,
      requiredLevel: 'SystemRequired',
    },
    system('createdon', 'CreatedOn', 'Created On', 'DateTime'),
    system('modifiedon', 'ModifiedOn', 'Modified On', 'DateTime'),
  ],
  navigation: [{ name: 'parentcustomerid_account', lookup: 'parentcustomerid', target: 'account' }],
};

/** The `lead` table. */
export const LEAD: EntityDefinition = {
  logicalName: 'lead',
  entitySetName: 'leads',
  displayName: 'Lead',
  primaryIdAttribute: 'leadid',
  primaryNameAttribute: 'fullname',
  metadataId: '2fed1c4a-7b8d-4b1e-9a2c-58f6bd0e6a1d',
  attributes: [
    { ...system('leadid', 'LeadId', 'Lead', 'Uniqueidentifier'), validForCreate: true },
    str('subject', 'Subject', 'Topic', 300, 'Text', { requiredLevel: 'ApplicationRequired' }),
    str('firstname', 'FirstName', 'First Name', 50, 'Text', { requiredLevel: 'Recommended' }),
    str('lastname', 'LastName', 'Last Name', 50, 'Text', { requiredLevel: 'ApplicationRequired' }),
    str('fullname', 'FullName', 'Name', 160, 'Text', readOnly),
    str('companyname', 'CompanyName', 'Company Name', 100),
    str('emailaddress1', 'EMailAddress1', 'Email', 100, 'Email'),
    str('telephone1', 'Telephone1', 'Business Phone', 50, 'Phone'),
    str('mobilephone', 'MobilePhone', 'Mobile Phone', 20, 'Phone'),
    str('jobtitle', 'JobTitle', 'Job Title', 100),
    str('address1_city', 'Address1_City', 'City', 80),
    {
      logicalName: 'description',
      schemaName: 'Description',
      displayName: 'Description',
      type: 'Memo',
      maxLength: 2000,
      validForCreate: true,
      validForUpdate: true,
      requiredLevel: 'None',
    },
    {
      logicalName: 'leadsourcecode',
      schemaName: 'LeadSourceCode',
      displayName: 'Lead Source',
      type: 'Picklist',
      options: [
        { value: 1, label: 'Advertisement' },
        { value: 2, label: 'Employee Referral' },
        { value: 3, label: 'External Referral' },
        { value: 4, label: 'Partner' },
        { value: 5, label: 'Public Relations' },
        { value: 6, label: 'Seminar' },
        { value: 7, label: 'Trade Show' },
        { value: 8, label: 'Web' },
        { value: 9, label: 'Word of Mouth' },
        { value: 10, label: 'Other' },
      ],
      validForCreate: true,
      validForUpdate: true,
      requiredLevel: 'None',
    },
    {
      logicalName: 'statecode',
      schemaName: 'StateCode',
      displayName: 'Status',
      type: 'State',
      options: [
        { value: 0, label: 'Open' },
        { value: 1, label: 'Qualified' },
        { value: 2, label: 'Disqualified' },
      ],
      validForCreate: false,
      validForUpdate: true,
      requiredLevel: 'SystemRequired',
    },
    system('createdon', 'CreatedOn', 'Created On', 'DateTime'),
    system('modifiedon', 'ModifiedOn', 'Modified On', 'DateTime'),
  ],
  navigation: [],
};

/** The `account` table (companies that contacts belong to). */
export const ACCOUNT: EntityDefinition = {
  logicalName: 'account',
  entitySetName: 'accounts',
  displayName: 'Account',
  primaryIdAttribute: 'accountid',
  primaryNameAttribute: 'name',
  metadataId: '70816501-edb9-4740-a16c-6a5efbc05d84',
  attributes: [
    { ...system('accountid', 'AccountId', 'Account', 'Uniqueidentifier'), validForCreate: true },
    str('name', 'Name', 'Account Name', 160, 'Text', { requiredLevel: 'ApplicationRequired' }),
    str('emailaddress1', 'EMailAddress1', 'Email', 100, 'Email'),
    str('telephone1', 'Telephone1', 'Main Phone', 50, 'Phone'),
    str('address1_city', 'Address1_City', 'Address 1: City', 80),
    system('createdon', 'CreatedOn', 'Created On', 'DateTime'),
    system('modifiedon', 'ModifiedOn', 'Modified On', 'DateTime'),
  ],
  navigation: [],
};

/** Every table, by logical name. */
export const ENTITIES: Readonly<Record<EntityDefinition['logicalName'], EntityDefinition>> = {
  contact: CONTACT,
  lead: LEAD,
  account: ACCOUNT,
};

/** The table behind an entity set name (`contacts` → contact), or undefined. */
export function entityBySetName(entitySetName: string): EntityDefinition | undefined {
  return Object.values(ENTITIES).find((e) => e.entitySetName === entitySetName);
}

/** One column of `entity` by logical name, or undefined. */
export function attributeOf(entity: EntityDefinition, logicalName: string): AttributeDefinition | undefined {
  return entity.attributes.find((a) => a.logicalName === logicalName);
}

/** A lookup column's Web API property: `_parentcustomerid_value`. */
export function lookupValueProperty(lookup: string): string {
  return `_${lookup}_value`;
}

/**
 * A deterministic metadata GUID for an attribute (Dataverse gives every attribute a MetadataId);
 * derived from the names so it is stable across runs.
 */
export function attributeMetadataId(entity: EntityDefinition, attribute: AttributeDefinition): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const ch of `${entity.logicalName}.${attribute.logicalName}`) {
    h1 = Math.imul(h1 ^ ch.charCodeAt(0), 16777619) >>> 0;
    h2 = Math.imul(h2 + ch.charCodeAt(0), 2246822519) >>> 0;
  }
  const hex = (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).repeat(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
