/**
 * The options page's "Custom helpdesk" section: a team lead points the sidebar at a helpdesk the
 * extension has no adapter for, without code — a URL pattern, how the ticket id is found in the
 * address, and CSS selectors (fallback lists, one per line) for the customer's name, email, phone and
 * company, or the page's mailto:/tel: links.
 *
 * Save validates everything (each problem names its field), asks the browser for the origin's
 * permission in the click itself (`permissions.request` needs a user gesture), then asks the
 * background to store the configuration and register the sidebar for the pattern. A refused
 * permission or a failed registration leaves nothing saved. Remove unregisters the sidebar, forgets the
 * configuration and gives the permission back.
 *
 * The form only shows while setting up or editing (buttons "Set up a custom helpdesk" / "Edit"), so the
 * page stays short for the many teams that never need it.
 * https://developer.chrome.com/docs/extensions/reference/api/permissions#method-request
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  CUSTOM_FIELD_LABELS,
  CUSTOM_FIELDS,
  type CustomField,
  type CustomHelpdeskForm,
  domSelectorCheck,
  EMPTY_FORM,
  type FormField,
  type FormProblem,
  formFromConfig,
  originPattern,
  type SelectorCheck,
  validateCustomHelpdeskForm,
} from '../../lib/helpdesks/custom/config.ts';
import type { CustomHelpdeskStatus, MessagingClient } from '../../lib/messaging/protocol.ts';

/** The browser's permission calls the section makes (`browser.permissions`, injectable for tests). */
export interface OriginPermissions {
  /** `permissions.request({origins})`: must be called from the click, before any other await. */
  request(origins: string[]): Promise<boolean>;
  /** `permissions.remove({origins})`. */
  remove(origins: string[]): Promise<boolean>;
}

export interface CustomHelpdeskSectionProps {
  /** Sends the `options→background:*CustomHelpdesk` messages. */
  client: MessagingClient;
  permissions: OriginPermissions;
  /** CSS selector syntax check (default: this document's `querySelector`). */
  checkSelector?: SelectorCheck;
  /** Helpdesks the extension supports out of the box (their pages cannot be claimed). */
  builtIn?: readonly { label: string; matches: readonly string[] }[];
}

type Outcome = { kind: 'status'; text: string } | { kind: 'alert'; text: string } | null;

/** Ids of the inputs, by form field (labels point at these). */
const INPUT_IDS: Record<FormField, string> = {
  name: 'ch-name',
  urlPattern: 'ch-url-pattern',
  ticketIdPattern: 'ch-ticket-id',
  customerArea: 'ch-customer-area',
  'selectors.name': 'ch-selectors-name',
  'selectors.email': 'ch-selectors-email',
  'selectors.phone': 'ch-selectors-phone',
  'selectors.company': 'ch-selectors-company',
};

const SELECTOR_PLACEHOLDERS: Record<CustomField, string> = {
  name: '.customer .name',
  email: '.customer .email',
  phone: '.customer .phone',
  company: '.customer .company',
};

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The "Custom helpdesk" section of the options page. */
export function CustomHelpdeskSection({ client, permissions, checkSelector, builtIn }: CustomHelpdeskSectionProps) {
  const [status, setStatus] = useState<CustomHelpdeskStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [form, setForm] = useState<CustomHelpdeskForm>(EMPTY_FORM);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState<'save' | 'remove' | null>(null);
  const firstInput = useRef<HTMLInputElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const load = async () => {
    setLoadError(null);
    const reply = await client.send('options→background:customHelpdesk', {});
    if (reply.ok) setStatus(reply.data);
    else setLoadError(reply.error.message);
  };

  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load once; the client does not change
  }, []);

  useEffect(() => {
    if (editing) firstInput.current?.focus();
  }, [editing]);

  useEffect(() => {
    if (confirmRemove) confirmButton.current?.focus();
  }, [confirmRemove]);

  const config = status?.config ?? null;

  const startEditing = () => {
    setForm(config ? formFromConfig(config) : EMPTY_FORM);
    setProblems([]);
    setOutcome(null);
    setConfirmRemove(false);
    setEditing(true);
  };

  const cancel = () => {
    setEditing(false);
    setProblems([]);
    setOutcome(null);
    requestAnimationFrame(() => openButton.current?.focus());
  };

  const update = (patch: Partial<CustomHelpdeskForm>) => {
    setForm({ ...form, ...patch });
    setOutcome(null);
  };
  const updateSelectors = (field: CustomField, value: string) =>
    update({ selectors: { ...form.selectors, [field]: value } });

  const onSave = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const validation = validateCustomHelpdeskForm(form, {
      checkSelector: checkSelector ?? domSelectorCheck(document),
      ...(builtIn ? { builtIn } : {}),
    });
    if (!validation.ok) {
      setProblems(validation.problems);
      setOutcome({ kind: 'alert', text: validation.problems.map((p) => p.message).join(' ') });
      const first = validation.problems.find((p) => p.field)?.field;
      if (first) formRef.current?.querySelector<HTMLElement>(`#${INPUT_IDS[first]}`)?.focus();
      return;
    }
    setProblems([]);
    const next = validation.config;
    const origin = originPattern(next.urlPattern);
    const grantedBefore = Boolean(status?.permission && config && originPattern(config.urlPattern) === origin);
    setBusy('save');
    setOutcome({ kind: 'status', text: `Asking your browser for access to ${origin}…` });
    try {
      // First await of the click: the browser only shows its permission prompt during a user gesture.
      let granted: boolean;
      try {
        granted = await permissions.request([origin]);
      } catch (error) {
        setOutcome({
          kind: 'alert',
          text: `The browser could not ask for access to ${origin} (${errorText(error)}). Nothing was saved.`,
        });
        return;
      }
      if (!granted) {
        setOutcome({
          kind: 'alert',
          text: `Access to ${origin} was not allowed, so nothing was saved. Save again and choose Allow when the browser asks.`,
        });
        return;
      }
      const reply = await client.send('options→background:saveCustomHelpdesk', { config: next });
      if (!reply.ok) {
        if (!grantedBefore) await permissions.remove([origin]).catch(() => false);
        setOutcome({ kind: 'alert', text: reply.error.message });
        return;
      }
      setStatus(reply.data);
      setEditing(false);
      setOutcome({
        kind: 'status',
        text: `Saved. The sidebar opens on pages matching ${next.urlPattern}; reload ticket pages that are already open.`,
      });
      requestAnimationFrame(() => openButton.current?.focus());
    } finally {
      setBusy(null);
    }
  };

  const onRemove = async () => {
    if (busy || !config) return;
    setBusy('remove');
    try {
      const reply = await client.send('options→background:removeCustomHelpdesk', {});
      if (!reply.ok) {
        setOutcome({ kind: 'alert', text: reply.error.message });
        return;
      }
      setStatus({ config: null, active: false, permission: false, problem: null });
      setConfirmRemove(false);
      setEditing(false);
      setOutcome({
        kind: 'status',
        text: `Removed. The sidebar no longer opens on ${config.urlPattern}${
          reply.data.released ? ` and the access to ${originPattern(config.urlPattern)} was given back.` : '.'
        }`,
      });
      requestAnimationFrame(() => openButton.current?.focus());
    } finally {
      setBusy(null);
    }
  };

  const problemOf = (field: FormField) => problems.find((p) => p.field === field)?.message;
  const fieldProps = (field: FormField, hintId?: string) => {
    const problem = problemOf(field);
    const described = [hintId, problem ? `${INPUT_IDS[field]}-error` : undefined].filter(Boolean).join(' ');
    return {
      id: INPUT_IDS[field],
      'aria-invalid': problem ? ('true' as const) : undefined,
      ...(described ? { 'aria-describedby': described } : {}),
    };
  };
  const fieldError = (field: FormField) => {
    const problem = problemOf(field);
    return problem ? (
      <p class="field-error" id={`${INPUT_IDS[field]}-error`}>
        {problem}
      </p>
    ) : null;
  };

  return (
    <section class="custom-helpdesk" aria-labelledby="custom-helpdesk-heading">
      <h2 id="custom-helpdesk-heading">Custom helpdesk</h2>
      <p class="intro">
        Use the sidebar with a helpdesk it does not know, such as an in-house one: tell it which pages are tickets and
        where each ticket shows the customer.
      </p>

      {status === null && loadError === null ? <p aria-busy="true">Loading…</p> : null}
      {loadError !== null ? (
        <div class="outcome error">
          <p>{loadError}</p>
          <button type="button" class="secondary" onClick={() => void load()}>
            Try again
          </button>
        </div>
      ) : null}

      {status !== null && !editing ? (
        config ? (
          <div class="summary">
            <dl>
              <dt>Helpdesk</dt>
              <dd>{config.name}</dd>
              <dt>URL pattern</dt>
              <dd>
                <code>{config.urlPattern}</code>
              </dd>
              <dt>State</dt>
              <dd>{status.active ? 'Active: the sidebar opens on these pages.' : 'Not active.'}</dd>
            </dl>
            {status.problem ? <p class="outcome error">{status.problem}</p> : null}
            <p class="hint">
              To check the selectors, open a ticket, click the CRM Sidebar button in the browser’s toolbar and choose
              Test on this page.
            </p>
            {confirmRemove ? (
              <div class="confirm" role="group" aria-labelledby="remove-question">
                <p id="remove-question">
                  Remove {config.name}? The sidebar stops opening on {config.urlPattern}.
                </p>
                <div class="actions">
                  <button
                    type="button"
                    ref={confirmButton}
                    class="danger"
                    aria-busy={busy === 'remove'}
                    onClick={() => void onRemove()}
                  >
                    Remove
                  </button>
                  <button type="button" class="secondary" onClick={() => setConfirmRemove(false)}>
                    Keep it
                  </button>
                </div>
              </div>
            ) : (
              <div class="actions">
                <button type="button" ref={openButton} onClick={startEditing}>
                  Edit custom helpdesk
                </button>
                <button type="button" class="secondary" onClick={() => setConfirmRemove(true)}>
                  Remove custom helpdesk
                </button>
              </div>
            )}
          </div>
        ) : (
          <div class="actions">
            <button type="button" ref={openButton} onClick={startEditing}>
              Set up a custom helpdesk
            </button>
          </div>
        )
      ) : null}

      {editing ? (
        <form ref={formRef} onSubmit={onSave} noValidate aria-label="Custom helpdesk">
          <div class="field">
            <label htmlFor={INPUT_IDS.name}>Helpdesk name</label>
            <input
              ref={firstInput}
              type="text"
              autoComplete="off"
              value={form.name}
              onInput={(e) => update({ name: e.currentTarget.value })}
              {...fieldProps('name', 'ch-name-hint')}
            />
            <p class="hint" id="ch-name-hint">
              The sidebar’s title on these pages: “From {form.name.trim() || 'Acme Support'}”.
            </p>
            {fieldError('name')}
          </div>

          <div class="field">
            <label htmlFor={INPUT_IDS.urlPattern}>URL pattern</label>
            <input
              type="text"
              inputMode="url"
              autoComplete="off"
              spellcheck={false}
              placeholder="https://support.example.com/tickets/*"
              value={form.urlPattern}
              onInput={(e) => update({ urlPattern: e.currentTarget.value })}
              {...fieldProps('urlPattern', 'ch-url-pattern-hint')}
            />
            <p class="hint" id="ch-url-pattern-hint">
              The address of your ticket pages, with * for the parts that change. Saving asks your browser to let the
              sidebar read this site.
            </p>
            {fieldError('urlPattern')}
          </div>

          <div class="field">
            <label htmlFor={INPUT_IDS.ticketIdPattern}>Ticket id from the URL</label>
            <input
              type="text"
              autoComplete="off"
              spellcheck={false}
              placeholder="/tickets/(\d+)"
              value={form.ticketIdPattern}
              onInput={(e) => update({ ticketIdPattern: e.currentTarget.value })}
              {...fieldProps('ticketIdPattern', 'ch-ticket-id-hint')}
            />
            <p class="hint" id="ch-ticket-id-hint">
              Optional: a regular expression whose one ( ) group is the ticket id in the page’s address. Empty: the last
              part of the path (…/tickets/1001 → 1001).
            </p>
            {fieldError('ticketIdPattern')}
          </div>

          <div class="field">
            <label htmlFor={INPUT_IDS.customerArea}>Customer area</label>
            <input
              type="text"
              autoComplete="off"
              spellcheck={false}
              placeholder=".customer-panel"
              value={form.customerArea}
              onInput={(e) => update({ customerArea: e.currentTarget.value })}
              {...fieldProps('customerArea', 'ch-customer-area-hint')}
            />
            <p class="hint" id="ch-customer-area-hint">
              Optional: a CSS selector for the part of the page that shows the customer. The fields and links below are
              then looked for inside it only.
            </p>
            {fieldError('customerArea')}
          </div>

          <fieldset>
            <legend>Where the customer’s details are</legend>
            <p class="hint" id="ch-selectors-hint">
              CSS selectors, one per line. The first that finds text wins; the next lines are fallbacks for when the
              page changes.
            </p>
            {CUSTOM_FIELDS.map((field) => {
              const key = `selectors.${field}` as const;
              return (
                <div class="field" key={field}>
                  <label htmlFor={INPUT_IDS[key]}>{CUSTOM_FIELD_LABELS[field]}</label>
                  <textarea
                    rows={2}
                    spellcheck={false}
                    placeholder={SELECTOR_PLACEHOLDERS[field]}
                    value={form.selectors[field]}
                    onInput={(e) => updateSelectors(field, e.currentTarget.value)}
                    {...fieldProps(key, 'ch-selectors-hint')}
                  />
                  {fieldError(key)}
                </div>
              );
            })}
            <div class="field checkbox">
              <input
                id="ch-use-links"
                type="checkbox"
                checked={form.useLinks}
                aria-describedby="ch-use-links-hint"
                onChange={(e) => update({ useLinks: e.currentTarget.checked })}
              />
              <label htmlFor="ch-use-links">Use mailto: and tel: links on the page</label>
            </div>
            <p class="hint checkbox-hint" id="ch-use-links-hint">
              After the selectors, the email comes from the first mailto: link and the phone from the first tel: link.
            </p>
          </fieldset>

          <div class="actions">
            <button type="submit" aria-busy={busy === 'save'}>
              Save
            </button>
            <button type="button" class="secondary" onClick={cancel}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}

      <div aria-live="polite" class="live">
        {outcome?.kind === 'status' ? (
          <p role="status" class="outcome ok">
            {outcome.text}
          </p>
        ) : null}
      </div>
      {outcome?.kind === 'alert' ? (
        <p role="alert" class="outcome error">
          {outcome.text}
        </p>
      ) : null}
    </section>
  );
}
