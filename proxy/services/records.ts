/** Turning a provider's NativeRecord into the CrmRecord the API returns. */
import type { CrmRecord } from '../../lib/contracts/index.ts';
import { crmDisplayValues } from '../../lib/sync/index.ts';
import type { NativeRecord } from '../crm/types.ts';
import type { ServiceContext } from './context.ts';

/** The record as the sidebar shows it: mapped display values (name joined, blanks omitted) and its CRM URL. */
export function toCrmRecord(
  ctx: Pick<ServiceContext, 'provider' | 'mapping' | 'options'>,
  record: NativeRecord,
): CrmRecord {
  return {
    provider: ctx.provider.id,
    objectType: record.objectType,
    id: record.id,
    url: ctx.provider.recordUrl(record),
    values: crmDisplayValues(record.values, ctx.mapping, ctx.options),
    updatedAt: record.updatedAt,
  };
}
