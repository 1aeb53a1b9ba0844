import { useEffect, useRef, useState } from 'preact/hooks';
import { post } from '../api';
import { dateTimeText, dueText, urgencyOf } from '../format';
import { html } from '../html';
import { routeHref } from '../route';
import type { Task } from '../types';
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
 * Follow-up tasks as a table: due (in / overdue by), kind, customer, offer, and the actions a rep
 * takes on an open one: complete with an outcome, or opt the customer out of contact.
 */
export const TaskTable = (props: {
  caption: string;
  tasks: ReadonlyArray<Task>;
  customers: ReadonlyMap<string, CustomerLabel>;
  showCustomer: boolean;
  onChanged: (message: string) => void;
}) => {
  const [open, setOpen] = useState<string | null>(null);
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
  const columns = props.showCustomer ? 6 : 5;
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
          <th scope="col">Status</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        ${shown.map((task) => {
          const urgency = task.status === 'open' ? urgencyOf(task.dueAt, now) : null;
          const label = props.customers.get(task.customerId);
          return html`
            <tr key=${task.taskId} class=${urgency ?? ''} data-task-id=${task.taskId}>
              <td data-label="Due">
                <span class=${`due ${urgency ?? ''}`}
                  >${task.status === 'open' ? dueText(task.dueAt, now) : '—'}</span
                >
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
                          aria-expanded=${open === task.taskId ? 'true' : 'false'}
                          aria-label=${`Complete ${kindLabel(task.kind)} for ${who(task)}`}
                          onClick=${() => setOpen(open === task.taskId ? null : task.taskId)}
                        >
                          Complete
                        </button>
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
              open === task.taskId
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
