import { useState } from 'preact/hooks';
import { get } from '../api';
import { ErrorMessage, Loading } from '../components/messages';
import { currentCursor, firstPage, nextPage, Pager, previousPage } from '../components/pager';
import { useLoad } from '../components/useLoad';
import { dateTimeText } from '../format';
import { html } from '../html';
import { routeHref, type ReviewTab } from '../route';
import type { DeadLetter, Page, Rejected, Unrecognized } from '../types';

const PAGE_SIZE = 25;
const TABS: ReadonlyArray<{ tab: ReviewTab; label: string; path: string }> = [
  { tab: 'rejected', label: 'Rejected', path: '/v1/review/rejected' },
  { tab: 'unrecognized', label: 'Unrecognized', path: '/v1/review/unrecognized' },
  { tab: 'dead-letters', label: 'Dead letters', path: '/v1/review/dead-letters' },
];

// Bodies are shown as text nodes (never parsed as markup), so whatever a sender put in them stays inert.
const RejectedTable = ({ items }: { items: Rejected[] }) => html`
  <table class="stack review">
    <caption>
      Refused deliveries, newest first
    </caption>
    <thead>
      <tr>
        <th scope="col">Received</th>
        <th scope="col">Channel</th>
        <th scope="col">Status</th>
        <th scope="col">Reason</th>
        <th scope="col">Body</th>
      </tr>
    </thead>
    <tbody>
      ${items.map(
        (r) =>
          html`<tr key=${r.id}>
            <td data-label="Received"><time datetime=${r.receivedAt}>${dateTimeText(r.receivedAt)}</time></td>
            <td data-label="Channel">${r.channel}</td>
            <td data-label="Status">${r.status}</td>
            <td data-label="Reason">
              ${r.reason}
              ${
                r.errors.length === 0
                  ? null
                  : html`<ul class="errors">
                      ${r.errors.map((e) => html`<li><code>${e.path || '/'}</code> ${e.message}</li>`)}
                    </ul>`
              }
            </td>
            <td data-label="Body">
              <pre class="body" tabindex="0" aria-label="Body as received">${r.body ?? '(no body kept)'}</pre>
              ${r.bodyTruncated ? html`<p class="muted">(truncated)</p>` : null}
            </td>
          </tr>`,
      )}
    </tbody>
  </table>
`;

const UnrecognizedTable = ({ items }: { items: Unrecognized[] }) => html`
  <table class="stack review">
    <caption>
      Stored leads with an unknown source or action, newest first
    </caption>
    <thead>
      <tr>
        <th scope="col">Received</th>
        <th scope="col">Customer</th>
        <th scope="col">Action</th>
        <th scope="col">Source</th>
        <th scope="col">Offer</th>
      </tr>
    </thead>
    <tbody>
      ${items.map(
        (u) =>
          html`<tr key=${u.leadId}>
            <td data-label="Received"><time datetime=${u.receivedAt}>${dateTimeText(u.receivedAt)}</time></td>
            <td data-label="Customer">
              <a href=${routeHref({ page: 'customer', id: u.customerId })}>Open customer</a>
            </td>
            <td data-label="Action">
              ${u.lead?.action?.raw ?? '—'}${u.lead?.action?.known ? '' : ' (unknown)'}
            </td>
            <td data-label="Source">
              ${u.lead?.source?.raw ?? '—'}${u.lead?.source?.known ? '' : ' (unknown)'}
            </td>
            <td data-label="Offer">${u.lead?.offer?.title ?? '—'}</td>
          </tr>`,
      )}
    </tbody>
  </table>
`;

const DeadLetterTable = ({ items }: { items: DeadLetter[] }) => html`
  <table class="stack review">
    <caption>
      Events the read side could not apply, in log order
    </caption>
    <thead>
      <tr>
        <th scope="col">Parked</th>
        <th scope="col">Event</th>
        <th scope="col">Stream</th>
        <th scope="col">Attempts</th>
        <th scope="col">Error</th>
      </tr>
    </thead>
    <tbody>
      ${items.map(
        (d) =>
          html`<tr key=${d.eventId}>
            <td data-label="Parked"><time datetime=${d.parkedAt}>${dateTimeText(d.parkedAt)}</time></td>
            <td data-label="Event">${d.eventType}</td>
            <td data-label="Stream"><code>${d.streamName}</code></td>
            <td data-label="Attempts">${d.attempts}</td>
            <td data-label="Error"><pre class="body" tabindex="0" aria-label="Error">${d.error}</pre></td>
          </tr>`,
      )}
    </tbody>
  </table>
`;

/** The review lists: refused deliveries, unrecognized leads and the read side's dead letters. */
export const ReviewPage = ({ tab }: { tab: ReviewTab }) => {
  const current = TABS.find((t) => t.tab === tab) ?? TABS[0]!;
  const [paging, setPaging] = useState({ key: tab as string, stack: firstPage() });
  const stack = paging.key === tab ? paging.stack : firstPage();
  const cursor = currentCursor(stack);
  const list = useLoad(
    () => get<Page<unknown>>(current.path, { limit: PAGE_SIZE, cursor }),
    `${tab}|${cursor ?? ''}`,
  );
  const items = list.data?.items ?? [];
  return html`
    <nav aria-label="Review lists" class="tabs">
      <ul>
        ${TABS.map(
          (t) =>
            html`<li>
              <a
                href=${routeHref({ page: 'review', tab: t.tab })}
                aria-current=${t.tab === tab ? 'page' : undefined}
                >${t.label}</a
              >
            </li>`,
        )}
      </ul>
    </nav>
    <h2>${current.label}</h2>
    <${ErrorMessage} text=${list.error} />
    ${list.loading && list.data === null ? html`<${Loading} what=${current.label.toLowerCase()} />` : null}
    ${list.data !== null && items.length === 0 ? html`<p class="empty">Nothing to review here.</p>` : null}
    ${
      items.length === 0
        ? null
        : tab === 'rejected'
          ? html`<${RejectedTable} items=${items as Rejected[]} />`
          : tab === 'unrecognized'
            ? html`<${UnrecognizedTable} items=${items as Unrecognized[]} />`
            : html`<${DeadLetterTable} items=${items as DeadLetter[]} />`
    }
    <${Pager}
      label=${`${current.label} pages`}
      page=${stack.cursors.length}
      hasPrevious=${stack.cursors.length > 1}
      hasNext=${list.data?.nextCursor != null}
      onPrevious=${() => setPaging({ key: tab, stack: previousPage(stack) })}
      onNext=${() => list.data?.nextCursor && setPaging({ key: tab, stack: nextPage(stack, list.data.nextCursor) })}
    />
  `;
};
