/**
 * The options page: where a team lead connects the extension to the team's sync proxy.
 *
 * Fields: "Proxy URL" (http or https), "API key" (hidden, with a show/hide toggle), "Sync
 * automatically when a ticket opens". Buttons: "Save" (writes
 * `storage.local` `settings`) and "Test connection" (asks the background to call `GET /v1/health` with
 * the values in the form, saved or not). Outcomes appear in a `role="status"` element ("Saved.",
 * "Connected to HubSpot (sandbox).") or a `role="alert"` element with the exact failure.
 *
 * No phone-region setting on purpose: the proxy normalises phone numbers with its own DEFAULT_REGION
 * for every agent, so one browser's choice could not (and should not) change how a sync matches.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { DEFAULT_SETTINGS, type MessagingClient, type Settings } from '../../lib/messaging/protocol.ts';
import type { SettingsRead } from '../../lib/messaging/settings.ts';

/** The sentence shown for a proxy URL that is not an absolute http(s) URL. */
export const INVALID_URL_MESSAGE = 'That is not a valid URL.';

/**
 * Normalises what the team lead typed: trimmed, without trailing slashes. Returns null when it is not
 * an absolute `http:`/`https:` URL.
 */
export function normalizeProxyUrl(value: string): string | null {
  const trimmed = value.trim().replace(/\/+$/, '');
  try {
    const url = new URL(trimmed);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
    return trimmed;
  } catch {
    return null;
  }
}

export interface OptionsAppProps {
  /** Sends `options→background:testConnection`. */
  client: MessagingClient;
  /** Reads the saved settings (lib/messaging/settings.ts `readSettings`). */
  load: () => Promise<SettingsRead>;
  /** Saves valid settings; rejects when storage fails. */
  save: (settings: Settings) => Promise<void>;
  /** Further sections of the page, shown below the proxy settings (e.g. the custom helpdesk). */
  children?: ComponentChildren;
}

type Outcome = { kind: 'status'; text: string } | { kind: 'alert'; text: string; field?: 'proxyUrl' } | null;

interface FormState {
  proxyUrl: string;
  apiKey: string;
  autoSync: boolean;
  /** Not edited here (the proxy's DEFAULT_REGION decides); kept so Save does not drop a stored value. */
  defaultRegion: string | undefined;
}

function toForm(settings: Settings): FormState {
  return {
    proxyUrl: settings.proxyUrl,
    apiKey: settings.apiKey,
    autoSync: settings.autoSync,
    defaultRegion: settings.defaultRegion,
  };
}

/** The settings form. */
export function OptionsApp({ client, load, save, children }: OptionsAppProps) {
  const [form, setForm] = useState<FormState | null>(null);
  const [showKey, setShowKey] = useState(false);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const urlInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let cancelled = false;
    load().then(
      (read) => {
        if (cancelled) return;
        if (read.ok) {
          setForm(toForm(read.settings));
        } else {
          setForm(toForm(DEFAULT_SETTINGS));
          setOutcome({
            kind: 'alert',
            text: `The saved settings could not be used (${read.problem}). Fix them and Save.`,
          });
        }
      },
      (error: unknown) => {
        if (cancelled) return;
        setForm(toForm(DEFAULT_SETTINGS));
        setOutcome({ kind: 'alert', text: `Couldn't read the saved settings: ${errorText(error)}` });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [load]);

  if (!form) {
    return (
      <main class="options">
        <h1>CRM sidebar settings</h1>
        <p aria-busy="true">Loading settings…</p>
      </main>
    );
  }

  const update = (patch: Partial<FormState>) => {
    setForm({ ...form, ...patch });
    setOutcome(null);
  };

  /** The URL in the form, or null after reporting it as invalid. */
  const validUrl = (): string | null => {
    const url = normalizeProxyUrl(form.proxyUrl);
    if (url === null) {
      setOutcome({ kind: 'alert', text: INVALID_URL_MESSAGE, field: 'proxyUrl' });
      urlInput.current?.focus();
    }
    return url;
  };

  const onSave = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const proxyUrl = validUrl();
    if (proxyUrl === null) return;
    const settings: Settings = {
      proxyUrl,
      apiKey: form.apiKey.trim(),
      autoSync: form.autoSync,
      ...(form.defaultRegion ? { defaultRegion: form.defaultRegion } : {}),
    };
    setBusy('save');
    try {
      await save(settings);
      setForm(toForm(settings));
      setOutcome({ kind: 'status', text: 'Saved.' });
    } catch (error) {
      setOutcome({ kind: 'alert', text: `Couldn't save the settings: ${errorText(error)}` });
    } finally {
      setBusy(null);
    }
  };

  const onTest = async () => {
    if (busy) return;
    const proxyUrl = validUrl();
    if (proxyUrl === null) return;
    setBusy('test');
    setOutcome({ kind: 'status', text: 'Testing the connection…' });
    const reply = await client.send('options→background:testConnection', { proxyUrl, apiKey: form.apiKey.trim() });
    setBusy(null);
    if (reply.ok) {
      const { label, sandbox } = reply.data.crm;
      setOutcome({ kind: 'status', text: `Connected to ${label}${sandbox ? ' (sandbox)' : ''}.` });
    } else {
      setOutcome({ kind: 'alert', text: reply.error.message });
    }
  };

  const apiKeyProps = {
    id: 'api-key',
    autoComplete: 'off',
    spellcheck: false,
    value: form.apiKey,
    'aria-describedby': 'api-key-hint',
    onInput: (e: { currentTarget: HTMLInputElement }) => update({ apiKey: e.currentTarget.value }),
  };
  const urlInvalid = outcome?.kind === 'alert' && outcome.field === 'proxyUrl';

  return (
    <main class="options">
      <h1>CRM sidebar settings</h1>
      <p class="intro">
        Connect the sidebar to your team's sync proxy. The proxy holds the CRM credentials; this browser only keeps the
        proxy's address and API key.
      </p>
      <form onSubmit={onSave} noValidate aria-label="Sync proxy settings">
        <div class="field">
          <label htmlFor="proxy-url">Proxy URL</label>
          <input
            id="proxy-url"
            ref={urlInput}
            type="url"
            inputMode="url"
            autoComplete="url"
            spellcheck={false}
            required
            value={form.proxyUrl}
            aria-invalid={urlInvalid ? 'true' : undefined}
            aria-describedby={urlInvalid ? 'proxy-url-hint options-alert' : 'proxy-url-hint'}
            onInput={(e) => update({ proxyUrl: e.currentTarget.value })}
          />
          <p class="hint" id="proxy-url-hint">
            Where your team runs the sync proxy, for example {DEFAULT_SETTINGS.proxyUrl}.
          </p>
        </div>

        <div class="field">
          <label htmlFor="api-key">API key</label>
          <div class="with-button">
            {showKey ? <input type="text" {...apiKeyProps} /> : <input type="password" {...apiKeyProps} />}
            <button
              type="button"
              class="secondary"
              aria-controls="api-key"
              aria-pressed={showKey}
              onClick={() => setShowKey(!showKey)}
            >
              {showKey ? 'Hide API key' : 'Show API key'}
            </button>
          </div>
          <p class="hint" id="api-key-hint">
            The key your sync proxy was started with (PROXY_API_KEY).
          </p>
        </div>

        <div class="field checkbox">
          <input
            id="auto-sync"
            type="checkbox"
            checked={form.autoSync}
            onChange={(e) => update({ autoSync: e.currentTarget.checked })}
          />
          <label htmlFor="auto-sync">Sync automatically when a ticket opens</label>
        </div>

        <div class="actions">
          <button type="submit" aria-busy={busy === 'save'}>
            Save
          </button>
          <button type="button" class="secondary" aria-busy={busy === 'test'} onClick={onTest}>
            Test connection
          </button>
        </div>

        <p role="status" class="outcome ok">
          {outcome?.kind === 'status' ? outcome.text : ''}
        </p>
        {outcome?.kind === 'alert' ? (
          <p role="alert" id="options-alert" class="outcome error">
            {outcome.text}
          </p>
        ) : null}
      </form>
      {children}
    </main>
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
