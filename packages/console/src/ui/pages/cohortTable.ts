import { ApiError, get } from '../api';
import { ErrorMessage } from '../components/messages';
import { useLoad } from '../components/useLoad';
import { secondsText } from '../format';
import { html } from '../html';
import { STAGES } from '../stages';

export interface Cohort {
  period: string;
  start: string;
  customers: number;
  reached: Record<string, number>;
  speedToLead: { p50Seconds: number | null; p90Seconds: number | null };
}

/** A server without the cohorts route (an older query service) answers 404: the section is left out. */
const cohortsOrNone = async (query: Record<string, string | undefined>): Promise<Cohort[] | null> => {
  try {
    return (await get<{ cohorts: Cohort[] }>('/v1/funnel/cohorts', query)).cohorts;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
};

/** Customers grouped by the week or month of their first lead, and how far each group went. */
export const CohortTable = ({ query }: { query: Record<string, string | undefined> }) => {
  const cohorts = useLoad(() => cohortsOrNone(query), JSON.stringify(query));
  if (cohorts.loading || (cohorts.data === null && cohorts.error === null)) return null;
  const period = query.period === 'month' ? 'month' : 'week';
  return html`
    <section aria-labelledby="cohorts-heading">
      <h2 id="cohorts-heading">Cohorts by ${period} of first lead</h2>
      <${ErrorMessage} text=${cohorts.error} />
      ${cohorts.data !== null && cohorts.data.length === 0 ? html`<p class="empty">No customers in this range.</p>` : null}
      ${
        cohorts.data !== null && cohorts.data.length > 0
          ? html`<table class="stack cohorts">
              <caption class="visually-hidden">
                Cohorts by ${period}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Cohort</th>
                  <th scope="col">Customers</th>
                  <th scope="col">Reached</th>
                  <th scope="col">Speed-to-lead p50</th>
                  <th scope="col">p90</th>
                </tr>
              </thead>
              <tbody>
                ${cohorts.data.map(
                  (c) =>
                    html`<tr key=${c.period}>
                      <td data-label="Cohort">${c.period}</td>
                      <td data-label="Customers" class="number" data-cohort=${c.period}>
                        ${c.customers.toLocaleString()}
                      </td>
                      <td data-label="Reached">
                        ${
                          STAGES.filter((s) => (c.reached[s] ?? 0) > 0)
                            .map((s) => `${s} ${(c.reached[s] ?? 0).toLocaleString()}`)
                            .join(' · ') || '—'
                        }
                      </td>
                      <td data-label="Speed-to-lead p50">${secondsText(c.speedToLead.p50Seconds)}</td>
                      <td data-label="p90">${secondsText(c.speedToLead.p90Seconds)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : null
      }
    </section>
  `;
};
