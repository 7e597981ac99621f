/**
 * The toolbar popup: "Test on this page" for the team lead's custom helpdesk. One click shows what the
 * saved selectors read on the page in front of them right now — each field's value and the selector
 * (or mailto:/tel: link) that found it, or "Nothing matched" with what each selector found instead —
 * and what the sidebar will make of it (the exact "Can't read this … ticket" message when it cannot
 * identify the customer). Values come from someone else's page: they are rendered as text only.
 */
import { useEffect, useState } from 'preact/hooks';
import { CUSTOM_FIELD_LABELS, CUSTOM_FIELDS, type CustomHelpdeskConfig } from '../../lib/helpdesks/custom/config.ts';
import type { ProbeResult } from '../../lib/helpdesks/custom/probe.ts';
import type { AttemptOutcome, FieldAttempt, FieldReading } from '../../lib/helpdesks/custom/read.ts';
import type { CustomHelpdeskRead } from '../../lib/helpdesks/custom/storage.ts';
import type { ProbeRun } from './run-probe.ts';

export interface PopupAppProps {
  /** Reads the saved custom helpdesk (lib/helpdesks/custom/storage.ts `loadCustomHelpdesk`). */
  load: () => Promise<CustomHelpdeskRead>;
  /** Runs the probe in the target tab. */
  test: () => Promise<ProbeRun>;
  /** Opens the options page (and closes the popup). */
  openOptions: () => void;
}

/** How each attempt outcome reads in the list of selectors that found nothing. */
export function attemptText(attempt: FieldAttempt): string {
  const found = attempt.sample ? `“${attempt.sample}”` : 'a text';
  const words: Record<AttemptOutcome, string> = {
    matched: 'found the value',
    no_match: 'nothing matched',
    blank: 'matched only blank text',
    invalid_selector: 'is not a valid CSS selector',
    not_email: `found ${found}, which is not an email address`,
    not_phone: `found ${found}, which is not a phone number`,
    too_long: 'found a text too long for this field',
  };
  return words[attempt.outcome];
}

type Loaded =
  | { kind: 'loading' }
  | { kind: 'none' }
  | { kind: 'invalid'; problem: string }
  | { kind: 'ready'; config: CustomHelpdeskConfig };

export function PopupApp({ load, test, openOptions }: PopupAppProps) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<ProbeRun | null>(null);

  useEffect(() => {
    let cancelled = false;
    load().then(
      (read) => {
        if (cancelled) return;
        if (!read.ok) setLoaded({ kind: 'invalid', problem: read.problem });
        else setLoaded(read.config ? { kind: 'ready', config: read.config } : { kind: 'none' });
      },
      (error: unknown) => {
        if (!cancelled) setLoaded({ kind: 'invalid', problem: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [load]);

  const onTest = async () => {
    if (busy) return;
    setBusy(true);
    setRun(null);
    try {
      setRun(await test());
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="popup">
      <h1>CRM Sidebar</h1>
      {loaded.kind === 'loading' ? <p aria-busy="true">Loading…</p> : null}
      {loaded.kind === 'none' ? (
        <>
          <p>
            No custom helpdesk is set up. The sidebar works on the helpdesks it knows without one; for an in-house
            helpdesk, set one up in the settings.
          </p>
          <button type="button" onClick={openOptions}>
            Set up a custom helpdesk
          </button>
        </>
      ) : null}
      {loaded.kind === 'invalid' ? (
        <>
          <p role="alert" class="outcome error">
            The saved custom helpdesk cannot be used ({loaded.problem}). Set it up again in the settings.
          </p>
          <button type="button" onClick={openOptions}>
            Open settings
          </button>
        </>
      ) : null}
      {loaded.kind === 'ready' ? (
        <>
          <p class="summary">
            Custom helpdesk <strong>{loaded.config.name}</strong> on <code>{loaded.config.urlPattern}</code>
          </p>
          <div class="actions">
            <button type="button" aria-busy={busy} onClick={onTest}>
              Test on this page
            </button>
            <button type="button" class="secondary" onClick={openOptions}>
              Open settings
            </button>
          </div>
          <div aria-live="polite" class="results">
            {busy ? <p>Reading this page…</p> : null}
            {run ? <RunView run={run} /> : null}
          </div>
        </>
      ) : null}
    </main>
  );
}

function RunView({ run }: { run: ProbeRun }) {
  if (!run.ok) {
    return (
      <p role="alert" class="outcome error">
        {run.message}
      </p>
    );
  }
  const { result } = run;
  if (result.status === 'not_configured') {
    return <p role="status">No custom helpdesk is set up any more. Open the settings to set one up.</p>;
  }
  if (result.status === 'invalid_config') {
    return (
      <p role="alert" class="outcome error">
        The saved custom helpdesk cannot be used ({result.problem}).
      </p>
    );
  }
  return <ReadView result={result} />;
}

function pageSentence(result: Extract<ProbeResult, { status: 'read' }>): string {
  if (!result.matchesPattern) {
    return `This page does not match ${result.urlPattern}, so the sidebar will not appear here. The selectors read:`;
  }
  if (result.ticketId === null) {
    return 'This page matches the URL pattern, but no ticket id was found in its address. The selectors read:';
  }
  return `This is ticket ${result.ticketId}. The selectors read:`;
}

function ReadView({ result }: { result: Extract<ProbeResult, { status: 'read' }> }) {
  const fields = CUSTOM_FIELDS.map((field) => result.reading.fields[field]);
  const misses = fields.filter((f) => f.configured && f.value === null);
  return (
    <>
      <p role="status">{pageSentence(result)}</p>
      {result.reading.area && !result.reading.area.found ? (
        <p class="outcome error">
          The customer area <code>{result.reading.area.selector}</code> is not on this page, so nothing inside it could
          be read.
        </p>
      ) : null}
      <table>
        <caption>What the selectors read</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
            <th scope="col">Found by</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((reading) => (
            <FieldRow key={reading.field} reading={reading} />
          ))}
        </tbody>
      </table>
      {misses.length > 0 ? (
        <section aria-labelledby="misses-heading" class="misses">
          <h2 id="misses-heading">Selectors that found nothing</h2>
          <ul>
            {misses.flatMap((reading) =>
              reading.attempts.map((attempt, i) => (
                <li key={`${reading.field}-${i}`}>
                  {CUSTOM_FIELD_LABELS[reading.field]}: <code>{attempt.source}</code> {attemptText(attempt)}
                </li>
              )),
            )}
          </ul>
        </section>
      ) : null}
      {result.outcome.ok ? (
        <p class="outcome ok">The sidebar can read this customer.</p>
      ) : (
        <p class="outcome error">The sidebar will say: {result.outcome.message}</p>
      )}
    </>
  );
}

function FieldRow({ reading }: { reading: FieldReading }) {
  const label = CUSTOM_FIELD_LABELS[reading.field];
  if (!reading.configured) {
    return (
      <tr>
        <th scope="row">{label}</th>
        <td class="muted">Not set up</td>
        <td class="muted">—</td>
      </tr>
    );
  }
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{reading.value ?? <span class="muted">Nothing matched</span>}</td>
      <td>{reading.matchedBy ? <code>{reading.matchedBy}</code> : <span class="muted">—</span>}</td>
    </tr>
  );
}
