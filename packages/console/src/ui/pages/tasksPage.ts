import { useState } from 'preact/hooks';
import { get } from '../api';
import { ErrorMessage, Loading, StatusMessage } from '../components/messages';
import { currentCursor, firstPage, nextPage, Pager, previousPage } from '../components/pager';
import { kindLabel, TaskTable } from '../components/taskTable';
import { useLoad } from '../components/useLoad';
import { useCustomerLabels } from '../customerLabels';
import { overdueFirst } from '../format';
import { html } from '../html';
import { routeHref, type Params } from '../route';
import type { Page, Task } from '../types';

const PAGE_SIZE = 25;
const KINDS = ['first-contact', 'trial-check-in', 'nurture-email', 're-engaged'];
const STATUSES = ['open', 'completed', 'superseded'];

/** All follow-up tasks, open ones by due time (so overdue first), with filters in the URL. */
export const TasksPage = ({ params }: { params: Params }) => {
  const status = params.status ?? 'open';
  const filters = { status, kind: params.kind, overdue: params.overdue === 'true' ? true : undefined };
  const filterKey = JSON.stringify(filters);
  const [paging, setPaging] = useState({ key: filterKey, stack: firstPage() });
  const stack = paging.key === filterKey ? paging.stack : firstPage();
  const cursor = currentCursor(stack);
  const [message, setMessage] = useState<string | null>(null);
  const tasks = useLoad(
    () => get<Page<Task>>('/v1/tasks', { ...filters, limit: PAGE_SIZE, cursor }),
    `${filterKey}|${cursor ?? ''}`,
  );
  const items = tasks.data === null ? [] : overdueFirst(tasks.data.items, Date.now());
  const names = useCustomerLabels(items.map((t) => t.customerId));
  const apply = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next: Record<string, string> = {};
    for (const name of ['status', 'kind']) {
      const value = String(form.get(name) ?? '');
      if (value !== '' && !(name === 'status' && value === 'open')) next[name] = value;
    }
    if (form.get('overdue') === 'on') next.overdue = 'true';
    location.hash = routeHref({ page: 'tasks', params: next });
  };
  return html`
    <form class="filters" onSubmit=${apply} aria-label="Filter tasks">
      <div>
        <label for="task-status">Status</label>
        <select id="task-status" name="status" value=${status}>
          ${STATUSES.map((s) => html`<option value=${s}>${s}</option>`)}
        </select>
      </div>
      <div>
        <label for="task-kind">Kind</label>
        <select id="task-kind" name="kind" value=${params.kind ?? ''}>
          <option value="">Any kind</option>
          ${KINDS.map((k) => html`<option value=${k}>${kindLabel(k)}</option>`)}
        </select>
      </div>
      <div class="check">
        <input id="task-overdue" type="checkbox" name="overdue" checked=${params.overdue === 'true'} />
        <label for="task-overdue">Overdue only</label>
      </div>
      <button type="submit">Apply filters</button>
    </form>
    <${StatusMessage} text=${message} />
    <${ErrorMessage} text=${tasks.error} />
    ${tasks.loading && tasks.data === null ? html`<${Loading} what="tasks" />` : null}
    ${tasks.data !== null && items.length === 0 ? html`<p class="empty">No tasks match these filters.</p>` : null}
    ${
      items.length > 0
        ? html`<${TaskTable}
            caption=${status === 'open' ? 'Open tasks, overdue first' : `Tasks ${status}`}
            tasks=${items}
            customers=${names}
            showCustomer=${true}
            onChanged=${(text: string) => {
              setMessage(text);
              // The read side applies the change a moment after the command returns: read again then too.
              tasks.reload();
              setTimeout(tasks.reload, 1500);
            }}
          />`
        : null
    }
    <${Pager}
      label="Task pages"
      page=${stack.cursors.length}
      hasPrevious=${stack.cursors.length > 1}
      hasNext=${tasks.data?.nextCursor != null}
      onPrevious=${() => setPaging({ key: filterKey, stack: previousPage(stack) })}
      onNext=${() => tasks.data?.nextCursor && setPaging({ key: filterKey, stack: nextPage(stack, tasks.data.nextCursor) })}
    />
  `;
};
