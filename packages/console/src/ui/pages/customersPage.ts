import { useState } from 'preact/hooks';
import { get } from '../api';
import { ErrorMessage, Loading } from '../components/messages';
import { currentCursor, firstPage, nextPage, Pager, previousPage } from '../components/pager';
import { useLoad } from '../components/useLoad';
import { dateTimeText } from '../format';
import { html } from '../html';
import { routeHref, type Params } from '../route';
import { STAGES } from '../stages';
import { displayName, type CustomerSummary, type Page } from '../types';

const PAGE_SIZE = 25;
const FILTERS = ['q', 'stage', 'offer', 'source', 'country'] as const;

const flagText = (c: CustomerSummary): string =>
  [
    c.flags.isTest ? 'test' : null,
    c.flags.optedOut ? 'opted out' : null,
    c.flags.unrecognized ? 'unrecognized' : null,
  ]
    .filter((f) => f !== null)
    .join(', ');

/** Customers, newest first: search and filters live in the URL, pages follow the API's cursor. */
export const CustomersPage = ({ params }: { params: Params }) => {
  const query = {
    q: params.q,
    stage: params.stage,
    offer: params.offer,
    source: params.source,
    country: params.country,
    includeTest: params.includeTest === 'true' ? true : undefined,
  };
  const filterKey = JSON.stringify(query);
  const [paging, setPaging] = useState({ key: filterKey, stack: firstPage() });
  const stack = paging.key === filterKey ? paging.stack : firstPage();
  const cursor = currentCursor(stack);
  const customers = useLoad(
    () => get<Page<CustomerSummary>>('/v1/customers', { ...query, limit: PAGE_SIZE, cursor }),
    `${filterKey}|${cursor ?? ''}`,
  );
  const apply = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next: Record<string, string> = {};
    for (const name of FILTERS) {
      const value = String(form.get(name) ?? '').trim();
      if (value !== '') next[name] = name === 'country' ? value.toUpperCase() : value;
    }
    if (form.get('includeTest') === 'on') next.includeTest = 'true';
    location.hash = routeHref({ page: 'customers', params: next });
  };
  const items = customers.data?.items ?? [];
  return html`
    <form class="filters" onSubmit=${apply} aria-label="Filter customers" key=${filterKey}>
      <div class="wide">
        <label for="customer-q">Name, email, phone or company</label>
        <input id="customer-q" type="search" name="q" value=${params.q ?? ''} />
      </div>
      <div>
        <label for="customer-stage">Stage</label>
        <select id="customer-stage" name="stage" value=${params.stage ?? ''}>
          <option value="">Any stage</option>
          ${STAGES.map((s) => html`<option value=${s}>${s}</option>`)}
        </select>
      </div>
      <div>
        <label for="customer-offer">Offer</label>
        <input id="customer-offer" name="offer" value=${params.offer ?? ''} />
      </div>
      <div>
        <label for="customer-source">Source</label>
        <input id="customer-source" name="source" value=${params.source ?? ''} />
      </div>
      <div>
        <label for="customer-country">Country (2 letters)</label>
        <input id="customer-country" name="country" maxlength="2" value=${params.country ?? ''} />
      </div>
      <div class="check">
        <input
          id="customer-test"
          type="checkbox"
          name="includeTest"
          checked=${params.includeTest === 'true'}
        />
        <label for="customer-test">Include test leads</label>
      </div>
      <button type="submit">Apply filters</button>
    </form>
    <${ErrorMessage} text=${customers.error} />
    ${customers.loading && customers.data === null ? html`<${Loading} what="customers" />` : null}
    ${customers.data !== null && items.length === 0 ? html`<p class="empty">No customers match.</p>` : null}
    ${
      items.length > 0
        ? html`<table class="customers stack">
            <caption>
              Customers, newest first (${items.length} on this page)
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Company</th>
                <th scope="col">Country</th>
                <th scope="col">Stage</th>
                <th scope="col">Offers</th>
                <th scope="col">Last activity</th>
              </tr>
            </thead>
            <tbody>
              ${items.map(
                (c) =>
                  html`<tr key=${c.id}>
                    <td data-label="Name">
                      <a href=${routeHref({ page: 'customer', id: c.id })}>${displayName(c)}</a>
                      ${flagText(c) === '' ? null : html` <span class="tag">${flagText(c)}</span>`}
                    </td>
                    <td data-label="Email">${c.emails.join(', ') || '—'}</td>
                    <td data-label="Company">${c.company ?? '—'}</td>
                    <td data-label="Country">${c.country ?? '—'}</td>
                    <td data-label="Stage">${c.stage ?? '—'}</td>
                    <td data-label="Offers">${c.offers.join(', ') || '—'}</td>
                    <td data-label="Last activity">
                      <time datetime=${c.lastActivityAt}>${dateTimeText(c.lastActivityAt)}</time>
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : null
    }
    <${Pager}
      label="Customer pages"
      page=${stack.cursors.length}
      hasPrevious=${stack.cursors.length > 1}
      hasNext=${customers.data?.nextCursor != null}
      onPrevious=${() => setPaging({ key: filterKey, stack: previousPage(stack) })}
      onNext=${() =>
        customers.data?.nextCursor &&
        setPaging({ key: filterKey, stack: nextPage(stack, customers.data.nextCursor) })}
    />
  `;
};
