/**
 * One value from a helpdesk or a CRM, rendered as text (never HTML). A blank value shows "—" and
 * reads as "empty" to screen readers.
 */
export function isBlank(value: string | null | undefined): boolean {
  return value == null || value.trim() === '';
}

export function Value({ value }: { value: string | null | undefined }) {
  if (isBlank(value)) {
    return (
      <span class="crm-empty">
        <span aria-hidden="true">—</span>
        <span class="crm-sr-only">empty</span>
      </span>
    );
  }
  return <span class="crm-value">{value}</span>;
}

/** A compact list of labelled values (`<dl>`), one row per entry, in the order given. */
export function FieldList({ entries }: { entries: readonly { label: string; value: string | null | undefined }[] }) {
  return (
    <dl class="crm-fields">
      {entries.map(({ label, value }) => (
        <div class="crm-field" key={label}>
          <dt>{label}</dt>
          <dd>
            <Value value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
