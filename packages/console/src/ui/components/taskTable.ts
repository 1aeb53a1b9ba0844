import { useEffect, useRef, useState } from 'preact/hooks';
import { repName } from '../access';
import { post } from '../api';
import { dateTimeText, dueText, taskUrgency } from '../format';
import { html } from '../html';
import { routeHref } from '../route';
import type { Rep, Task } from '../types';
import { messageOf } from './useLoad';
import { ErrorMessage } from './messages';

/** The outcomes a follow-up can be completed with, in the order a rep meets them. */
export const OUTCOMES: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'contacted', label: 'Contacted' },
  { value: 'no-response', label: 'No response' },
  { value: 'qualified', label: 'Qualified' },
  { value: 'disqualified', label: 'Disqualified' },
  { value: 'won', label: 'Won' },
  { value: 'lost', label: 'Lost' },
  { value: 'opted-out', label: 'Opted out' },
];

const KIND_LABELS: Readonly<Record<string, string>> = {
  'first-contact': 'First contact',
  'trial-check-in': 'Trial check-in',
  'nurture-email': 'Nurture email',
  're-engaged': 'Re-engaged',
};
export const kindLabel = (kind: string): string => KIND_LABELS[kind] ?? kind;

/** The offers a task is about: the titles of the leads in its context, first one named. */
export const offerText = (task: Task): string => {
  const titles = [...new Set(task.context.map((c) => c.offerTitle ?? c.offerId).filter((t) => t !== null))];
  if (titles.length === 0) return '—';
  return titles.length === 1 ? titles[0]! : `${titles[0]} and ${titles.length - 1} more`;
};

export interface CustomerLabel {
  name: string;
  offers?: string;
}

/**
 * Completing a task: a note, then one button per outcome, so the whole form works with Tab and
 * Enter/Space alone (no list to open, no arrows to press).
 */
const CompleteForm = (props: {
  task: Task;
  who: string;
  onDone: (message: string) => void;
  onCancel: () => void;
}) => {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => noteRef.current?.focus(), []);
  const complete = async (outcome: { value: string; label: string }) => {
    setBusy(true);
    setError(null);
    try {
      await post(`/v1/tasks/${encodeURIComponent(props.task.taskId)}/complete`, {
        outcome: outcome.value,
        ...(note.trim() === '' ? {} : { note: note.trim() }),
      });
      props.onDone(
        `${kindLabel(props.task.kind)} for ${props.who} completed as ${outcome.label.toLowerCase()}.`,
      );
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  const noteId = `note-${props.task.taskId}`;
  return html`
    <div
      class="complete"
      role="group"
      aria-label=${`Complete ${kindLabel(props.task.kind)} for ${props.who}`}
    >
      <label for=${noteId}>Note (optional)</label>
      <textarea
        id=${noteId}
        ref=${noteRef}
        rows="2"
        maxlength="2000"
        value=${note}
        onInput=${(e: Event) => setNote((e.target as HTMLTextAreaElement).value)}
      ></textarea>
      <fieldset disabled=${busy}>
        <legend>Outcome</legend>
        ${OUTCOMES.map(
          (o) =>
            html`<button type="button" class="outcome" onClick=${() => void complete(o)}>${o.label}</button>`,
        )}
      </fieldset>
      <button type="button" class="secondary" onClick=${props.onCancel}>Cancel</button>
      <${ErrorMessage} text=${error} />
    </div>
  `;
};

/**
 * Reassigning a task: the rep (active ones only: an inactive rep is refused) and the reason, which the
 * task's history keeps. A form, so Enter in the reason sends it.
 */
const ReassignForm = (props: {
  task: Task;
  who: string;
  reps: ReadonlyArray<Rep>;
  onDone: (repId: string, message: string) => void;
  onCancel: () => void;
}) => {
  const choices = props.reps.filter((r) => r.active);
  const [repId, setRepId] = useState(
    () => (choices.find((r) => r.id !== props.task.assignee) ?? choices[0])?.id ?? '',
  );
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const selectRef = useRef<HTMLSelectElement>(null);
  useEffect(() => selectRef.current?.focus(), []);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (repId === '' || reason.trim() === '') {
      setError('Choose a rep and give a reason.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await post(`/v1/tasks/${encodeURIComponent(props.task.taskId)}/assign`, {
        repId,
        reason: reason.trim(),
      });
      props.onDone(
        repId,
        `${kindLabel(props.task.kind)} for ${props.who} reassigned to ${repName(props.reps, repId)}.`,
      );
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  const id = props.task.taskId;
  const label = `Reassign ${kindLabel(props.task.kind)} for ${props.who}`;
  return html`
    <form class="reassign" aria-label=${label} onSubmit=${(e: Event) => void submit(e)}>
      <div>
        <label for=${`rep-${id}`}>Reassign to</label>
        <select
          id=${`rep-${id}`}
          ref=${selectRef}
          value=${repId}
          onChange=${(e: Event) => setRepId((e.target as HTMLSelectElement).value)}
        >
          ${choices.map(
            (r) =>
              html`<option value=${r.id}>
                ${r.name}${r.id === props.task.assignee ? ' (assigned now)' : ''}
              </option>`,
          )}
        </select>
      </div>
      <div class="wide">
        <label for=${`reason-${id}`}>Reason</label>
        <input
          id=${`reason-${id}`}
          type="text"
          maxlength="500"
          autocomplete="off"
          value=${reason}
          onInput=${(e: Event) => setReason((e.target as HTMLInputElement).value)}
        />
      </div>
      <button type="submit" disabled=${busy}>Reassign</button>
      <button type="button" class="secondary" onClick=${props.onCancel}>Cancel</button>
      <${ErrorMessage} text=${error} />
    </form>
  `;
};

/**
 * Follow-up tasks as a table: due (in / overdue by), kind, customer, offer, and the actions a rep
 * takes on an open one: complete with an outcome, or opt the customer out of contact.
 */
export const TaskTable = (props: {
  caption: string;
  tasks: ReadonlyArray<Task>;
  customers: ReadonlyMap<string, CustomerLabel>;
  showCustomer: boolean;
  /** The reps, on a server with routing: then the assignee column and reassignment are shown. */
  reps?: ReadonlyArray<Rep> | null;
  onChanged: (message: string) => void;
}) => {
  // The form open under one row: `complete` or `reassign`, for one task.
  const [open, setOpen] = useState<{ taskId: string; form: 'complete' | 'reassign' } | null>(null);
  const isOpen = (task: Task, form: 'complete' | 'reassign') =>
    open !== null && open.taskId === task.taskId && open.form === form;
  const toggle = (task: Task, form: 'complete' | 'reassign') =>
    setOpen(isOpen(task, form) ? null : { taskId: task.taskId, form });
  // Reassignments made here, shown at once: the read side shows them a moment after the command returns.
  const [assigned, setAssigned] = useState<ReadonlyMap<string, string>>(new Map());
  const reps = props.reps ?? null;
  const assigneeOf = (task: Task) => assigned.get(task.taskId) ?? task.assignee ?? null;
  const [error, setError] = useState<string | null>(null);
  // What this table changed, hidden at once: the read side shows it a moment after the command returns.
  const [done, setDone] = useState<{ tasks: ReadonlySet<string>; customers: ReadonlySet<string> }>({
    tasks: new Set(),
    customers: new Set(),
  });
  const shown = props.tasks.filter(
    (t) => t.status !== 'open' || !(done.tasks.has(t.taskId) || done.customers.has(t.customerId)),
  );
  const now = Date.now();
  const who = (task: Task) => props.customers.get(task.customerId)?.name ?? 'this customer';
  const optOut = async (task: Task) => {
    setError(null);
    try {
      await post(`/v1/customers/${encodeURIComponent(task.customerId)}/contact-preference`, {
        optedOut: true,
        reason: 'opted out from the console',
      });
      setDone((d) => ({ ...d, customers: new Set([...d.customers, task.customerId]) }));
      props.onChanged(`${who(task)} is opted out of contact.`);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const columns = 5 + (props.showCustomer ? 1 : 0) + (reps !== null ? 1 : 0);
  return html`
    <${ErrorMessage} text=${error} />
    <table class="tasks stack">
      <caption>
        ${props.caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">Due</th>
          <th scope="col">Task</th>
          ${props.showCustomer ? html`<th scope="col">Customer</th>` : null}
          <th scope="col">Offer</th>
          ${reps !== null ? html`<th scope="col">Assigned to</th>` : null}
          <th scope="col">Status</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        ${shown.map((task) => {
          const urgency = taskUrgency(task, now);
          const assignee = assigneeOf(task);
          const label = props.customers.get(task.customerId);
          return html`
            <tr key=${task.taskId} class=${urgency ?? ''} data-task-id=${task.taskId}>
              <td data-label="Due">
                <span class=${`due ${urgency ?? ''}`}
                  >${task.status === 'open' ? dueText(task.dueAt, now) : '—'}</span
                >
                ${urgency === 'at-risk' ? html` <span class="tag">at risk</span>` : null}
                <br /><time datetime=${task.dueAt}>${dateTimeText(task.dueAt)}</time>
              </td>
              <td data-label="Task">${kindLabel(task.kind)}</td>
              ${
                props.showCustomer
                  ? html`<td data-label="Customer">
                      <a href=${routeHref({ page: 'customer', id: task.customerId })}
                        >${label?.name ?? 'Customer (name loading)'}</a
                      >
                    </td>`
                  : null
              }
              <td data-label="Offer">${offerText(task)}</td>
              ${
                reps !== null
                  ? html`<td data-label="Assigned to" data-assignee=${assignee ?? ''}>
                      ${assignee === null ? html`<span class="muted">Unassigned</span>` : repName(reps, assignee)}
                    </td>`
                  : null
              }
              <td data-label="Status">
                ${task.status}${task.outcome ? html`: ${task.outcome}` : null}
                ${task.completedAt ? html`<br /><time datetime=${task.completedAt}>${dateTimeText(task.completedAt)}</time>` : null}
              </td>
              <td data-label="Actions" class="actions">
                ${
                  task.status === 'open'
                    ? html`
                        <button
                          type="button"
                          aria-expanded=${isOpen(task, 'complete') ? 'true' : 'false'}
                          aria-label=${`Complete ${kindLabel(task.kind)} for ${who(task)}`}
                          onClick=${() => toggle(task, 'complete')}
                        >
                          Complete
                        </button>
                        ${
                          reps !== null && reps.some((r) => r.active)
                            ? html`<button
                                type="button"
                                class="secondary"
                                aria-expanded=${isOpen(task, 'reassign') ? 'true' : 'false'}
                                aria-label=${`Reassign ${kindLabel(task.kind)} for ${who(task)}`}
                                onClick=${() => toggle(task, 'reassign')}
                              >
                                Reassign
                              </button>`
                            : null
                        }
                        <button
                          type="button"
                          class="secondary"
                          aria-label=${`Opt out ${who(task)}`}
                          onClick=${() => void optOut(task)}
                        >
                          Opt out
                        </button>
                      `
                    : null
                }
              </td>
            </tr>
            ${
              isOpen(task, 'reassign') && reps !== null
                ? html`<tr class="form-row" key=${`${task.taskId}-reassign`}>
                    <td colspan=${columns}>
                      <${ReassignForm}
                        task=${{ ...task, assignee }}
                        who=${who(task)}
                        reps=${reps}
                        onCancel=${() => setOpen(null)}
                        onDone=${(repId: string, message: string) => {
                          setOpen(null);
                          setAssigned((a) => new Map([...a, [task.taskId, repId]]));
                          props.onChanged(message);
                        }}
                      />
                    </td>
                  </tr>`
                : null
            }
            ${
              isOpen(task, 'complete')
                ? html`<tr class="form-row" key=${`${task.taskId}-form`}>
                    <td colspan=${columns}>
                      <${CompleteForm}
                        task=${task}
                        who=${who(task)}
                        onCancel=${() => setOpen(null)}
                        onDone=${(message: string) => {
                          setOpen(null);
                          setDone((d) => ({ ...d, tasks: new Set([...d.tasks, task.taskId]) }));
                          props.onChanged(message);
                        }}
                      />
                    </td>
                  </tr>`
                : null
            }
          `;
        })}
      </tbody>
    </table>
  `;
};
