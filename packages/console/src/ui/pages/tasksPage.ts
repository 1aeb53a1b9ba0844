import { useState } from 'preact/hooks';
import { useReps } from '../access';
import { get } from '../api';
import { ErrorMessage, Loading, StatusMessage } from '../components/messages';
import { currentCursor, firstPage, nextPage, Pager, previousPage } from '../components/pager';
import { kindLabel, TaskTable } from '../components/taskTable';
import { useLoad } from '../components/useLoad';
import { useCustomerLabels } from '../customerLabels';
import { urgentFirst } from '../format';
import { html } from '../html';
import { routeHref, type Params } from '../route';
import { keepRep, storedRep } from '../session';
import type { Page, Rep, Task } from '../types';

const PAGE_SIZE = 25;
const KINDS = ['first-contact', 'trial-check-in', 'nurture-email', 're-engaged'];
const STATUSES = ['open', 'completed', 'superseded'];

type View = 'all' | 'mine' | 'unassigned';
const VIEWS: ReadonlyArray<{ view: View; label: string }> = [
  { view: 'all', label: 'All tasks' },
  { view: 'mine', label: 'My tasks' },
  { view: 'unassigned', label: 'Unassigned' },
];

/** Which rep "my tasks" are: chosen once, kept for the tab. */
const WhoAmI = (props: {
  reps: ReadonlyArray<Rep>;
  me: string | null;
  onChoose: (repId: string) => void;
}) => html`
  <div class="filters who">
    <div>
      <label for="task-me">I am</label>
      <select
        id="task-me"
        value=${props.me ?? ''}
        onChange=${(e: Event) => props.onChoose((e.target as HTMLSelectElement).value)}
      >
        <option value="" disabled=${props.me !== null}>Choose a rep</option>
        ${props.reps.map((r) => html`<option value=${r.id}>${r.name}</option>`)}
      </select>
    </div>
  </div>
`;

/**
 * Follow-up tasks, open ones overdue first and at risk next: all of them, the signed-in rep's, or
 * those no rep holds; filters in the URL.
 */
export const TasksPage = ({ params }: { params: Params }) => {
  const status = params.status ?? 'open';
  const view: View = params.view === 'mine' || params.view === 'unassigned' ? params.view : 'all';
  const { reps, error: repsError } = useReps();
  const [me, setMe] = useState(storedRep);
  const choose = (repId: string) => {
    if (repId === '') return;
    keepRep(repId);
    setMe(repId);
  };
  // "My tasks" before a rep is chosen lists nothing: the choice comes first.
  const waiting = view === 'mine' && me === null;
  const filters = {
    status,
    kind: params.kind,
    overdue: params.overdue === 'true' ? true : undefined,
    atRisk: params.atRisk === 'true' ? true : undefined,
    assignee: view === 'mine' ? (me ?? undefined) : undefined,
    unassigned: view === 'unassigned' ? true : undefined,
  };
  // The view is part of the key: "my tasks" before the choice asks the same as "all" would.
  const filterKey = JSON.stringify({ view, ...filters });
  const [paging, setPaging] = useState({ key: filterKey, stack: firstPage() });
  const stack = paging.key === filterKey ? paging.stack : firstPage();
  const cursor = currentCursor(stack);
  const [message, setMessage] = useState<string | null>(null);
  const tasks = useLoad(
    () =>
      waiting
        ? Promise.resolve<Page<Task>>({ items: [], nextCursor: null })
        : get<Page<Task>>('/v1/tasks', { ...filters, limit: PAGE_SIZE, cursor }),
    `${filterKey}|${cursor ?? ''}`,
  );
  const items = tasks.data === null ? [] : urgentFirst(tasks.data.items, Date.now());
  const names = useCustomerLabels(items.map((t) => t.customerId));
  const apply = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next: Record<string, string> = view === 'all' ? {} : { view };
    for (const name of ['status', 'kind']) {
      const value = String(form.get(name) ?? '');
      if (value !== '' && !(name === 'status' && value === 'open')) next[name] = value;
    }
    if (form.get('overdue') === 'on') next.overdue = 'true';
    if (form.get('atRisk') === 'on') next.atRisk = 'true';
    location.hash = routeHref({ page: 'tasks', params: next });
  };
  const { view: _view, ...kept } = params;
  return html`
    ${
      reps === null
        ? null
        : html`<nav aria-label="Task lists" class="tabs">
            <ul>
              ${VIEWS.map(
                (v) =>
                  html`<li>
                    <a
                      href=${routeHref({ page: 'tasks', params: v.view === 'all' ? kept : { ...kept, view: v.view } })}
                      aria-current=${v.view === view ? 'page' : undefined}
                      >${v.label}</a
                    >
                  </li>`,
              )}
            </ul>
          </nav>`
    }
    <${ErrorMessage} text=${repsError} />
    ${view === 'mine' && reps !== null ? html`<${WhoAmI} reps=${reps} me=${me} onChoose=${choose} />` : null}
    ${waiting ? html`<p class="empty">Choose who you are to list your tasks.</p>` : null}
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
      <div class="check">
        <input id="task-atrisk" type="checkbox" name="atRisk" checked=${params.atRisk === 'true'} />
        <label for="task-atrisk">At risk only</label>
      </div>
      <button type="submit">Apply filters</button>
    </form>
    <${StatusMessage} text=${message} />
    <${ErrorMessage} text=${tasks.error} />
    ${tasks.loading && tasks.data === null ? html`<${Loading} what="tasks" />` : null}
    ${!waiting && tasks.data !== null && items.length === 0 ? html`<p class="empty">No tasks match these filters.</p>` : null}
    ${
      items.length > 0
        ? html`<${TaskTable}
            caption=${captionOf(view, status)}
            tasks=${items}
            customers=${names}
            showCustomer=${true}
            reps=${reps}
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

const captionOf = (view: View, status: string): string => {
  const which =
    view === 'mine' ? 'My' : view === 'unassigned' ? 'Unassigned' : status === 'open' ? 'Open' : 'All';
  return status === 'open' ? `${which} open tasks, overdue first, then at risk` : `${which} tasks ${status}`;
};
