import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { ErrorMessage, Loading, StatusMessage } from '../components/messages';
import { TaskTable } from '../components/taskTable';
import { messageOf, useLoad } from '../components/useLoad';
import { forgetCustomerLabels } from '../customerLabels';
import { dateTimeText, secondsText } from '../format';
import { html } from '../html';
import { eventSummary } from '../timelineText';
import { displayName, type Customer, type Page, type Task, type TimelineEvent } from '../types';

const TIMELINE_PAGE = 50;

const list = (values: ReadonlyArray<string>) => (values.length === 0 ? '—' : values.join(', '));

const Identity = ({ customer }: { customer: Customer }) => html`
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

/** Opt-out is the contact preference the API has today; consent and erasure slot in beside it later. */
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

/** One customer: identity, contact preference, offers, stage history, tasks and the timeline. */
export const CustomerPage = ({ id, onTitle }: { id: string; onTitle: (title: string) => void }) => {
  const [version, setVersion] = useState(0);
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
            <${Identity} customer=${c} />
            <${ContactPreference} customer=${c} onChanged=${changed} />
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
                      onChanged=${changed}
                    />`
                  : null
              }
            </section>
            <${Offers} customer=${c} />
            <${StageHistory} customer=${c} />
            <${Timeline} id=${c.id} version=${version} />
          `
    }
  `;
};
