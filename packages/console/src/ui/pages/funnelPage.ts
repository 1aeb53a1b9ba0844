import { get } from '../api';
import { ErrorMessage, Loading } from '../components/messages';
import { useLoad } from '../components/useLoad';
import { rateText, secondsText } from '../format';
import { html } from '../html';
import { routeHref, type Params } from '../route';
import { STAGES } from '../stages';
import { CohortTable } from './cohortTable';
import type { Funnel } from '../types';

const FIELDS = ['from', 'to', 'offer', 'source', 'period'] as const;

/** A bar as wide as `value` is of `max`, drawn as SVG (no chart library: one rectangle per stage). */
const Bar = ({ value, max }: { value: number; max: number }) => html`
  <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
    <rect width=${max === 0 ? 0 : (100 * value) / max} height="10"></rect>
  </svg>
`;

/** The funnel: customers per stage as bars, conversion between stages, median speed-to-lead; filters in the URL. */
export const FunnelPage = ({ params }: { params: Params }) => {
  const query = { from: params.from, to: params.to, offer: params.offer, source: params.source };
  const funnel = useLoad(() => get<Funnel>('/v1/funnel', query), JSON.stringify(query));
  const apply = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next: Record<string, string> = {};
    for (const name of FIELDS) {
      const value = String(form.get(name) ?? '').trim();
      if (value !== '') next[name] = value;
    }
    location.hash = routeHref({ page: 'funnel', params: next });
  };
  const f = funnel.data;
  const max = f === null ? 0 : Math.max(0, ...STAGES.map((s) => f.stages[s] ?? 0));
  return html`
    <form class="filters" onSubmit=${apply} aria-label="Filter the funnel" key=${JSON.stringify(query)}>
      <div>
        <label for="funnel-from">From (first day, UTC)</label>
        <input id="funnel-from" type="date" name="from" value=${params.from ?? ''} />
      </div>
      <div>
        <label for="funnel-to">To (last day, UTC)</label>
        <input id="funnel-to" type="date" name="to" value=${params.to ?? ''} />
      </div>
      <div>
        <label for="funnel-offer">Offer</label>
        <input id="funnel-offer" name="offer" value=${params.offer ?? ''} />
      </div>
      <div>
        <label for="funnel-source">Source</label>
        <input id="funnel-source" name="source" value=${params.source ?? ''} />
      </div>
      <div>
        <label for="funnel-period">Cohorts by</label>
        <select id="funnel-period" name="period" value=${params.period ?? 'week'}>
          <option value="week">week</option>
          <option value="month">month</option>
        </select>
      </div>
      <button type="submit">Apply filters</button>
    </form>
    <${ErrorMessage} text=${funnel.error} />
    ${funnel.loading && f === null ? html`<${Loading} what="the funnel" />` : null}
    ${
      f === null
        ? null
        : html`
            <p class="headline">
              ${'Median speed-to-lead: '}
              <strong data-testid="speed-to-lead">${secondsText(f.medianSpeedToLeadSeconds)}</strong>
              <span class="muted"
                >${' (first actionable lead to first completed contact; test leads excluded)'}</span
              >
            </p>
            <table class="funnel">
              <caption>
                Customers that reached each stage
              </caption>
              <thead>
                <tr>
                  <th scope="col">Stage</th>
                  <th scope="col">Customers</th>
                  <th scope="col"><span class="visually-hidden">Bar</span></th>
                </tr>
              </thead>
              <tbody>
                ${STAGES.map(
                  (stage) =>
                    html`<tr key=${stage}>
                      <th scope="row">${stage}</th>
                      <td class="number" data-stage=${stage}>${(f.stages[stage] ?? 0).toLocaleString()}</td>
                      <td class="bar-cell"><${Bar} value=${f.stages[stage] ?? 0} max=${max} /></td>
                    </tr>`,
                )}
              </tbody>
            </table>
            <table class="conversion">
              <caption>
                Conversion between stages
              </caption>
              <thead>
                <tr>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col">Rate</th>
                </tr>
              </thead>
              <tbody>
                ${f.conversion.map(
                  (c) =>
                    html`<tr key=${`${c.from}-${c.to}`}>
                      <td>${c.from}</td>
                      <td>${c.to}</td>
                      <td class="number" data-conversion=${`${c.from}-${c.to}`}>${rateText(c.rate)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
            <${CohortTable} query=${{ ...query, period: params.period ?? 'week' }} />
          `
    }
  `;
};
