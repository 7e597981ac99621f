/**
 * Table definitions as the Web API returns them: `EntityDefinitions(LogicalName='contact')`,
 * `…/Attributes`, a cast such as `…/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata`
 * (with `$expand=OptionSet`), and `…/Attributes(LogicalName='emailaddress1')`
 * (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query-metadata-web-api,
 * https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/attributemetadata).
 * As in Dataverse, `$select` on the base collection may name only `AttributeMetadata` properties;
 * type-specific ones (`MaxLength`, `FormatName`, `OptionSet`) need the cast.
 */
import { propertyNotFound, querySyntaxError, resourceNotFound } from './errors.ts';
import {
  type AttributeDefinition,
  attributeMetadataId,
  type EntityDefinition,
  type OptionDefinition,
} from './metadata.ts';

const LANGUAGE = 1033;

function label(text: string) {
  const localized = { Label: text, LanguageCode: LANGUAGE, IsManaged: true, MetadataId: null, HasChanged: null };
  return { LocalizedLabels: [localized], UserLocalizedLabel: localized };
}

/** The metadata type of an attribute (the OData type name without namespace). */
export function metadataType(attribute: AttributeDefinition): string {
  switch (attribute.type) {
    case 'String':
      return 'StringAttributeMetadata';
    case 'Memo':
      return 'MemoAttributeMetadata';
    case 'Picklist':
      return 'PicklistAttributeMetadata';
    case 'State':
      return 'StateAttributeMetadata';
    case 'Status':
      return 'StatusAttributeMetadata';
    case 'DateTime':
      return 'DateTimeAttributeMetadata';
    case 'Uniqueidentifier':
      return 'UniqueIdentifierAttributeMetadata';
    case 'Customer':
    case 'Lookup':
      return 'LookupAttributeMetadata';
    case 'Integer':
      return 'IntegerAttributeMetadata';
  }
}

/** Properties every AttributeMetadata has (those `$select` may name on the base collection). */
const BASE_PROPERTIES = [
  'MetadataId',
  'LogicalName',
  'SchemaName',
  'DisplayName',
  'Description',
  'AttributeType',
  'AttributeTypeName',
  'AttributeOf',
  'EntityLogicalName',
  'IsCustomAttribute',
  'IsPrimaryId',
  'IsPrimaryName',
  'IsValidForCreate',
  'IsValidForUpdate',
  'IsValidForRead',
  'RequiredLevel',
] as const;

/** Extra properties per metadata type. */
const TYPE_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  StringAttributeMetadata: ['MaxLength', 'Format', 'FormatName'],
  MemoAttributeMetadata: ['MaxLength', 'Format'],
  PicklistAttributeMetadata: ['DefaultFormValue', 'OptionSet'],
  StateAttributeMetadata: ['DefaultFormValue', 'OptionSet'],
  StatusAttributeMetadata: ['DefaultFormValue', 'OptionSet'],
  DateTimeAttributeMetadata: ['Format', 'DateTimeBehavior'],
  LookupAttributeMetadata: ['Targets'],
  UniqueIdentifierAttributeMetadata: [],
  IntegerAttributeMetadata: ['MinValue', 'MaxValue'],
};

function optionSetJson(entity: EntityDefinition, attribute: AttributeDefinition, options: readonly OptionDefinition[]) {
  return {
    MetadataId: attributeMetadataId(entity, { ...attribute, logicalName: `${attribute.logicalName}.options` }),
    Name: `${entity.logicalName}_${attribute.logicalName}`,
    IsGlobal: false,
    OptionSetType: attribute.type === 'Picklist' ? 'Picklist' : attribute.type,
    Options: options.map((o) => ({ Value: o.value, Label: label(o.label), Description: label('') })),
  };
}

/** Every property of one attribute's metadata (base and type-specific), OptionSet excluded. */
function attributeJson(entity: EntityDefinition, attribute: AttributeDefinition): Record<string, unknown> {
  const type = metadataType(attribute);
  const json: Record<string, unknown> = {
    '@odata.type': `#Microsoft.Dynamics.CRM.${type}`,
    MetadataId: attributeMetadataId(entity, attribute),
    LogicalName: attribute.logicalName,
    SchemaName: attribute.schemaName,
    DisplayName: label(attribute.displayName),
    Description: label(''),
    AttributeType: attribute.type,
    AttributeTypeName: { Value: `${attribute.type}Type` },
    AttributeOf: null,
    EntityLogicalName: entity.logicalName,
    IsCustomAttribute: false,
    IsPrimaryId: attribute.logicalName === entity.primaryIdAttribute,
    IsPrimaryName: attribute.logicalName === entity.primaryNameAttribute,
    IsValidForCreate: attribute.validForCreate,
    IsValidForUpdate: attribute.validForUpdate,
    IsValidForRead: true,
    RequiredLevel: {
      Value: attribute.requiredLevel,
      CanBeChanged: attribute.requiredLevel !== 'SystemRequired',
      ManagedPropertyLogicalName: 'canmodifyrequirementlevelsettings',
    },
  };
  if (type === 'StringAttributeMetadata') {
    json.MaxLength = attribute.maxLength ?? 100;
    json.Format = attribute.format ?? 'Text';
    json.FormatName = { Value: attribute.format ?? 'Text' };
  } else if (type === 'MemoAttributeMetadata') {
    json.MaxLength = attribute.maxLength ?? 2000;
    json.Format = 'TextArea';
  } else if (type === 'DateTimeAttributeMetadata') {
    json.Format = 'DateAndTime';
    json.DateTimeBehavior = { Value: 'UserLocal' };
  } else if (type === 'LookupAttributeMetadata') {
    json.Targets = [...(attribute.targets ?? [])];
  } else if (type === 'PicklistAttributeMetadata' || type === 'StateAttributeMetadata') {
    json.DefaultFormValue = attribute.options?.[0]?.value ?? -1;
  }
  return json;
}

/** Picks `$select`ed properties (keeping `@odata.type` and MetadataId, as Dataverse does). */
function pick(json: Record<string, unknown>, select: readonly string[] | null): Record<string, unknown> {
  if (!select) return json;
  const out: Record<string, unknown> = { '@odata.type': json['@odata.type'] };
  for (const name of select) out[name] = json[name];
  out.MetadataId = json.MetadataId;
  return out;
}

/** Parses `$select` for a metadata collection of `typeName` (null = the base AttributeMetadata). */
function metadataSelect(select: string | null, typeName: string | null): string[] | null {
  if (select === null || select.trim() === '') return null;
  const allowed = new Set<string>([...BASE_PROPERTIES, ...(typeName ? (TYPE_PROPERTIES[typeName] ?? []) : [])]);
  const names = select
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!allowed.has(name) || name === 'OptionSet') {
      throw propertyNotFound(name, typeName ?? 'AttributeMetadata');
    }
  }
  return names;
}

/** Parses `$expand=OptionSet` or `OptionSet($select=Options)`; true when the option set is wanted. */
function metadataExpand(expand: string | null, typeName: string | null): boolean {
  if (expand === null || expand.trim() === '') return false;
  const match = /^OptionSet(?:\(\$select=([\w,]+)\))?$/.exec(expand.trim());
  const optionTypes = ['PicklistAttributeMetadata', 'StateAttributeMetadata', 'StatusAttributeMetadata'];
  if (!match || !typeName || !optionTypes.includes(typeName)) {
    throw querySyntaxError(
      `The sandbox expands only OptionSet, on a PicklistAttributeMetadata, StateAttributeMetadata or StatusAttributeMetadata cast (got '${expand}').`,
    );
  }
  return true;
}

/** `GET EntityDefinitions(LogicalName='x')`: the table's own definition. */
export function entityDefinitionJson(entity: EntityDefinition, serviceRoot: string): Record<string, unknown> {
  return {
    '@odata.context': `${serviceRoot}$metadata#EntityDefinitions/$entity`,
    MetadataId: entity.metadataId,
    LogicalName: entity.logicalName,
    SchemaName: entity.logicalName[0]!.toUpperCase() + entity.logicalName.slice(1),
    EntitySetName: entity.entitySetName,
    DisplayName: label(entity.displayName),
    PrimaryIdAttribute: entity.primaryIdAttribute,
    PrimaryNameAttribute: entity.primaryNameAttribute,
    IsCustomEntity: false,
  };
}

/**
 * `GET EntityDefinitions(LogicalName='x')/Attributes[/Microsoft.Dynamics.CRM.<Type>]` and
 * `…/Attributes(LogicalName='y')`. `rest` is the path after `Attributes` ("" for the collection).
 */
export function attributesResponse(
  entity: EntityDefinition,
  rest: string,
  params: URLSearchParams,
  serviceRoot: string,
): Record<string, unknown> {
  let typeName: string | null = null;
  let single: string | null = null;
  const cast = /^\/Microsoft\.Dynamics\.CRM\.(\w+)$/.exec(rest);
  const key = /^\(LogicalName='(\w+)'\)$/.exec(rest);
  if (cast) {
    typeName = cast[1]!;
    if (!(typeName in TYPE_PROPERTIES)) throw resourceNotFound(`Microsoft.Dynamics.CRM.${typeName}`);
  } else if (key) {
    single = key[1]!;
  } else if (rest !== '') {
    throw resourceNotFound(rest.replace(/^\//, ''));
  }
  if (params.has('$filter')) {
    throw querySyntaxError(
      'The sandbox does not filter attribute definitions; select them all and filter in the client.',
    );
  }
  const select = metadataSelect(params.get('$select'), typeName);
  const withOptions = metadataExpand(params.get('$expand'), typeName);

  const render = (attribute: AttributeDefinition) => {
    const json = pick(attributeJson(entity, attribute), select);
    if (withOptions) json.OptionSet = optionSetJson(entity, attribute, attribute.options ?? []);
    return json;
  };

  if (single !== null) {
    const attribute = entity.attributes.find((a) => a.logicalName === single);
    if (!attribute) {
      throw resourceNotFound(`Attributes(LogicalName='${single}')`);
    }
    return {
      '@odata.context': `${serviceRoot}$metadata#EntityDefinitions('${entity.logicalName}')/Attributes/$entity`,
      ...render(attribute),
    };
  }
  const attributes = entity.attributes.filter((a) => typeName === null || metadataType(a) === typeName);
  return {
    '@odata.context': `${serviceRoot}$metadata#EntityDefinitions('${entity.logicalName}')/Attributes${typeName ? `/Microsoft.Dynamics.CRM.${typeName}` : ''}`,
    value: attributes.map(render),
  };
}
