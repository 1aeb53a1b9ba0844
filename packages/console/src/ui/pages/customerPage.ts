import { useEffect, useRef, useState } from 'preact/hooks';
import { repName, useReps, usePermission, type Permission } from '../access';
import { get, post } from '../api';
import { ErrorMessage, Loading, StatusMessage } from '../components/messages';
import { TaskTable } from '../components/taskTable';
import { messageOf, useLoad } from '../components/useLoad';
import { forgetCustomerLabels } from '../customerLabels';
import { dateTimeText, secondsText } from '../format';
import { html } from '../html';
import { eventSummary } from '../timelineText';
import {
  displayName,
  type ConsentChange,
  type Customer,
  type Erasure,
  type Page,
  type Rep,
  type Task,
  type TimelineEvent,
} from '../types';

const TIMELINE_PAGE = 50;

const list = (values: ReadonlyArray<string>) => (values.length === 0 ? '—' : values.join(', '));

const Identity = ({ customer, reps }: { customer: Customer; reps: ReadonlyArray<Rep> | null }) => html`
  <section aria-labelledby="identity-heading">
    <h2 id="identity-heading">Identity</h2>
    <dl class="facts">
      <dt>Names</dt>
      <dd>${list(customer.names)}</dd>
      <dt>Emails</dt>
      <dd>${list(customer.emails)}</dd>
      <dt>Phones</dt>
      <dd>${list(customer.phones)}</dd>
      <dt>Company</dt>
      <dd>${customer.company ?? '—'}</dd>
      <dt>Title</dt>
      <dd>${customer.title ?? '—'}</dd>
      <dt>Country</dt>
      <dd>${customer.country ?? '—'}</dd>
      <dt>Stage</dt>
      <dd data-testid="customer-stage">${customer.stage ?? '—'}</dd>
      ${
        customer.owner === undefined
          ? null
          : html`<dt>Owner</dt>
              <dd data-testid="customer-owner">
                ${customer.owner === null ? 'none yet' : repName(reps, customer.owner)}
              </dd>`
      }
      <dt>Leads</dt>
      <dd>${customer.leadCount}</dd>
      <dt>First seen</dt>
      <dd>${dateTimeText(customer.firstSeenAt)}</dd>
      <dt>Last activity</dt>
      <dd>${dateTimeText(customer.lastActivityAt)}</dd>
      <dt>First contact</dt>
      <dd>${dateTimeText(customer.firstContactAt)}</dd>
      <dt>Speed to lead</dt>
      <dd>${secondsText(customer.speedToLeadSeconds)}</dd>
      <dt>Flags</dt>
      <dd>
        ${
          [
            customer.flags.isTest ? 'test lead' : null,
            customer.flags.anonymous ? 'anonymous' : null,
            customer.flags.optedOut ? 'opted out of contact' : null,
            customer.flags.unrecognized ? 'unrecognized source or action' : null,
          ]
            .filter((f) => f !== null)
            .join(', ') || 'none'
        }
      </dd>
      <dt>Id</dt>
      <dd><code>${customer.id}</code></dd>
      <dt>Aliases</dt>
      <dd>${customer.aliases.length === 0 ? '—' : customer.aliases.map((a) => html`<code>${a}</code> `)}</dd>
    </dl>
  </section>
`;

/** Opt out of contact, or back in; the consent history below lists every change with its reason. */
const ContactPreference = (props: { customer: Customer; onChanged: (message: string) => void }) => {
  const [error, setError] = useState<string | null>(null);
  const optedOut = props.customer.flags.optedOut;
  const change = async () => {
    setError(null);
    try {
      await post(`/v1/customers/${encodeURIComponent(props.customer.id)}/contact-preference`, {
        optedOut: !optedOut,
        reason: optedOut ? 'opted in from the console' : 'opted out from the console',
      });
      props.onChanged(optedOut ? 'Opted back into contact.' : 'Opted out of contact.');
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return html`
    <section aria-labelledby="contact-heading">
      <h2 id="contact-heading">Contact preference</h2>
      <p>
        ${optedOut ? 'This customer has opted out: no follow-up tasks are opened.' : 'This customer may be contacted.'}
      </p>
      <button type="button" onClick=${() => void change()}>
        ${optedOut ? 'Opt back in' : 'Opt out of contact'}
      </button>
      <${ErrorMessage} text=${error} />
    </section>
  `;
};

const PRIVACY_NOTE = 'needs a token with the privacy scope';

/** Opt-outs and opt-ins with their reason, source and time (scope `privacy`: they are personal data). */
const ConsentHistory = (props: { id: string; version: number; permission: Permission }) => {
  const allowed = props.permission === 'yes' || props.permission === 'unknown';
  const history = useLoad(
    () =>
      allowed
        ? get<Page<ConsentChange>>(`/v1/customers/${encodeURIComponent(props.id)}/consent`)
        : Promise.resolve(null),
    `${props.id}|${props.version}|${props.permission}`,
  );
  const items = history.data?.items ?? [];
  return html`
    <section aria-labelledby="consent-heading">
      <h2 id="consent-heading">Consent history</h2>
      ${props.permission === 'no' ? html`<p class="muted">The consent history ${PRIVACY_NOTE}.</p>` : null}
      <${ErrorMessage} text=${history.error} />
      ${allowed && history.data !== null && items.length === 0 ? html`<p class="empty">No opt-out or opt-in recorded.</p>` : null}
      ${
        items.length === 0
          ? null
          : html`<table class="stack consent">
              <caption class="visually-hidden">
                Opt-outs and opt-ins, oldest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Change</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                ${items.map(
                  (c, i) =>
                    html`<tr key=${i}>
                      <td data-label="When"><time datetime=${c.at}>${dateTimeText(c.at)}</time></td>
                      <td data-label="Change">${c.optedOut ? 'opted out' : 'opted in'}</td>
                      <td data-label="Reason">${c.reason ?? '—'}</td>
                      <td data-label="Source">
                        ${[c.source, c.by].filter((p) => p !== null && p !== '').join(', ') || '—'}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>
  `;
};

const ERASE_WORD = 'erase';

/**
 * Erasure (scope `privacy`): it cannot be undone, so it takes a typed confirmation, the customer's id
 * or the word "erase", on top of the button press.
 */
const EraseSection = (props: { customer: Customer; onErased: (message: string) => void }) => {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const [returnFocus, setReturnFocus] = useState(false);
  useEffect(() => {
    if (open) inputRef.current?.focus();
    else if (returnFocus) openerRef.current?.focus();
  }, [open]);
  const id = props.customer.id;
  const submit = async (event: Event) => {
    event.preventDefault();
    const text = typed.trim();
    if (text !== id && text.toLowerCase() !== ERASE_WORD) {
      setError(`To confirm, type the customer id or the word “${ERASE_WORD}”.`);
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      let erasure = await post<Erasure>(`/v1/customers/${encodeURIComponent(id)}/erasure`, undefined);
      // 202: an erasure still running is read again for a few seconds.
      for (let i = 0; i < 10 && erasure.status !== 'completed'; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        erasure = await get<Erasure>(`/v1/privacy/erasures/${encodeURIComponent(erasure.erasureId)}`);
      }
      // The form goes once the view says erased: the page's heading takes the focus, not the page's body.
      document.querySelector<HTMLElement>('main h1')?.focus();
      props.onErased(
        erasure.status === 'completed'
          ? 'Personal data erased: only non-personal facts are kept.'
          : `Erasure ${erasure.erasureId} is ${erasure.status}.`,
      );
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return html`
    <section aria-labelledby="erase-heading" class="erase">
      <h2 id="erase-heading">Erase personal data</h2>
      <p>
        Erasing destroys this customer's key: names, emails, phones, lead bodies and task notes can no longer
        be read by anyone. Stage, stage history, offers, dates, country and counts are kept. It cannot be
        undone.
      </p>
      ${
        open
          ? html`<form
              class="confirm"
              aria-label="Confirm the erasure"
              onSubmit=${(e: Event) => void submit(e)}
            >
              <label for="erase-confirm">
                To confirm, type the customer id (<code>${id}</code>) or the word “${ERASE_WORD}”
              </label>
              <input
                id="erase-confirm"
                ref=${inputRef}
                type="text"
                autocomplete="off"
                spellcheck="false"
                value=${typed}
                onInput=${(e: Event) => setTyped((e.target as HTMLInputElement).value)}
              />
              <div class="buttons">
                <button type="submit" class="danger" disabled=${busy}>Erase for good</button>
                <button
                  type="button"
                  class="secondary"
                  onClick=${() => {
                    setReturnFocus(true);
                    setOpen(false);
                    setTyped('');
                    setError(null);
                  }}
                >
                  Cancel
                </button>
              </div>
              <${ErrorMessage} text=${error} />
            </form>`
          : html`<button
              type="button"
              class="danger"
              ref=${openerRef}
              aria-expanded="false"
              onClick=${() => setOpen(true)}
            >
              Erase personal data…
            </button>`
      }
    </section>
  `;
};

const Offers = ({ customer }: { customer: Customer }) => html`
  <section aria-labelledby="offers-heading">
    <h2 id="offers-heading">Offers</h2>
    <table class="stack">
      <caption class="visually-hidden">
        Offers this customer asked about
      </caption>
      <thead>
        <tr>
          <th scope="col">Offer</th>
          <th scope="col">Actions</th>
          <th scope="col">Sources</th>
          <th scope="col">Leads</th>
          <th scope="col">First seen</th>
          <th scope="col">Last seen</th>
        </tr>
      </thead>
      <tbody>
        ${customer.offers.map(
          (o) =>
            html`<tr key=${o.offerKey}>
              <td data-label="Offer">${o.title ?? o.offerKey}</td>
              <td data-label="Actions">${list(o.actions)}</td>
              <td data-label="Sources">${list(o.sources)}</td>
              <td data-label="Leads">${o.leadCount}</td>
              <td data-label="First seen">${dateTimeText(o.firstSeenAt)}</td>
              <td data-label="Last seen">${dateTimeText(o.lastSeenAt)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>
`;

const StageHistory = ({ customer }: { customer: Customer }) => html`
  <section aria-labelledby="stages-heading">
    <h2 id="stages-heading">Stage history</h2>
    ${
      customer.stageHistory.length === 0
        ? html`<p class="empty">No stage reached yet.</p>`
        : html`<table class="stack">
            <caption class="visually-hidden">
              Stages in the order they were reached
            </caption>
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col">Reached</th>
              </tr>
            </thead>
            <tbody>
              ${customer.stageHistory.map(
                (s, i) =>
                  html`<tr key=${i}>
                    <td data-label="Stage">${s.stage}</td>
                    <td data-label="Reached"><time datetime=${s.at}>${dateTimeText(s.at)}</time></td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>
`;

/** The customer's events, oldest first, read a page at a time on request. */
const Timeline = ({ id, version }: { id: string; version: number }) => {
  const [pages, setPages] = useState<{
    key: string;
    events: TimelineEvent[];
    next: string | null;
    error: string | null;
  }>({
    key: '',
    events: [],
    next: null,
    error: null,
  });
  const key = `${id}|${version}`;
  const first = useLoad(
    () =>
      get<Page<TimelineEvent>>(`/v1/customers/${encodeURIComponent(id)}/events`, { limit: TIMELINE_PAGE }),
    key,
  );
  const more =
    pages.key === key ? pages : { key, events: [], next: first.data?.nextCursor ?? null, error: null };
  const events = [...(first.data?.items ?? []), ...more.events];
  const loadMore = async () => {
    if (more.next === null) return;
    try {
      const page = await get<Page<TimelineEvent>>(`/v1/customers/${encodeURIComponent(id)}/events`, {
        limit: TIMELINE_PAGE,
        cursor: more.next,
      });
      setPages({ key, events: [...more.events, ...page.items], next: page.nextCursor, error: null });
    } catch (e) {
      setPages({ ...more, error: messageOf(e) });
    }
  };
  return html`
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <${ErrorMessage} text=${first.error ?? more.error} />
      ${first.loading && first.data === null ? html`<${Loading} what="the timeline" />` : null}
      <ol class="timeline">
        ${events.map(
          (e) =>
            html`<li key=${e.position}>
              <time datetime=${e.recordedAt}>${dateTimeText(e.recordedAt)}</time>
              <strong>${e.type}</strong>
              <span>${eventSummary(e)}</span>
            </li>`,
        )}
      </ol>
      ${more.next !== null ? html`<button type="button" onClick=${() => void loadMore()}>Show more events</button>` : null}
    </section>
  `;
};

/**
 * One customer: identity, contact preference and consent, tasks, offers, stage history, the timeline,
 * and erasure for a token that may.
 */
export const CustomerPage = ({ id, onTitle }: { id: string; onTitle: (title: string) => void }) => {
  const [version, setVersion] = useState(0);
  const privacy = usePermission('privacy');
  const { reps } = useReps();
  const [message, setMessage] = useState<string | null>(null);
  const customer = useLoad(async () => {
    const found = await get<Customer>(`/v1/customers/${encodeURIComponent(id)}`);
    onTitle(displayName(found));
    return found;
  }, `${id}|${version}`);
  const tasks = useLoad(
    () => get<Page<Task>>('/v1/tasks', { customerId: id, limit: 100 }),
    `${id}|${version}`,
  );
  // The read side applies a change a moment after the command returns: read again now and shortly after.
  const changed = (text: string) => {
    setMessage(text);
    forgetCustomerLabels();
    setVersion((v) => v + 1);
    setTimeout(() => setVersion((v) => v + 1), 1500);
    setTimeout(() => setVersion((v) => v + 1), 4000);
  };
  const c = customer.data;
  return html`
    <${StatusMessage} text=${message} />
    <${ErrorMessage} text=${customer.error} />
    ${customer.loading && c === null ? html`<${Loading} what="the customer" />` : null}
    ${
      c === null
        ? null
        : html`
            ${
              c.erased === true
                ? html`<p class="notice" data-testid="erased">
                    Personal data erased: only non-personal facts are kept (stage, history, offers, dates,
                    country, counts).
                  </p>`
                : null
            }
            <${Identity} customer=${c} reps=${reps} />
            <${ContactPreference} customer=${c} onChanged=${changed} />
            <${ConsentHistory} id=${c.id} version=${version} permission=${privacy} />
            <section aria-labelledby="tasks-heading">
              <h2 id="tasks-heading">Tasks</h2>
              <${ErrorMessage} text=${tasks.error} />
              ${tasks.data !== null && tasks.data.items.length === 0 ? html`<p class="empty">No tasks.</p>` : null}
              ${
                tasks.data !== null && tasks.data.items.length > 0
                  ? html`<${TaskTable}
                      caption="This customer's tasks, earliest due first"
                      tasks=${tasks.data.items}
                      customers=${new Map([[c.id, { name: displayName(c) }]])}
                      showCustomer=${false}
                      reps=${reps}
                      onChanged=${changed}
                    />`
                  : null
              }
            </section>
            <${Offers} customer=${c} />
            <${StageHistory} customer=${c} />
            <${Timeline} id=${c.id} version=${version} />
            ${
              c.erased === true
                ? null
                : privacy === 'no'
                  ? html`<section aria-labelledby="erase-heading">
                      <h2 id="erase-heading">Erase personal data</h2>
                      <p class="muted">Erasing a customer ${PRIVACY_NOTE}.</p>
                    </section>`
                  : privacy === 'loading'
                    ? null
                    : html`<${EraseSection} customer=${c} onErased=${changed} />`
            }
          `
    }
  `;
};
