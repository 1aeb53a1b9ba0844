import fc from 'fast-check';
import type { KnownAction } from '@leadflow/contracts';
import { initialState, openTasks, type CustomerState } from '../customer/state';
import { at, incomingLead, receiveLead, runWithPolicy } from '../testing/fixtures';

type Step = { action: KnownAction; email: boolean };

/** Runs leads on one customer through decide, evolve and the policy; the open tasks after. */
const runLeads = (steps: ReadonlyArray<Step>): CustomerState => {
  let state = initialState();
  steps.forEach((step, n) => {
    const lead = incomingLead({ action: step.action, email: step.email ? 'ada@contoso.com' : null });
    state = runWithPolicy(state, receiveLead('cus-1', `lead-${n}`, at(n), lead), at(n)).state;
  });
  return state;
};

const openKinds = (state: CustomerState) =>
  openTasks(state)
    .map((t) => t.kind)
    .sort();

const openTaskIds = (state: CustomerState) =>
  openTasks(state)
    .map((t) => `${t.kind}:${t.triggerId}:${t.context.map((c) => c.leadId).join(',')}`)
    .sort();

describe('late contactability', () => {
  it('a test drive without contact details, then a contact-me lead with an email, opens both tasks', () => {
    const state = runLeads([
      { action: 'StartTestDrive', email: false },
      { action: 'PLT', email: true },
    ]);
    expect(openKinds(state)).toEqual(['first-contact', 'trial-check-in']);
    // Due from the moment the customer became contactable (the second lead).
    for (const task of openTasks(state)) {
      expect(task.scheduledAt).toBe(at(1));
      expect(task.dueAt).toBe(at(25));
    }
  });

  it('opens the same tasks as the same lead order with the contact details first', () => {
    const late = runLeads([
      { action: 'StartTestDrive', email: false },
      { action: 'PLT', email: true },
    ]);
    const early = runLeads([
      { action: 'StartTestDrive', email: true },
      { action: 'PLT', email: true },
    ]);
    expect(openTaskIds(late)).toEqual(openTaskIds(early));
    expect(
      openTasks(late)
        .map((t) => t.taskId)
        .sort(),
    ).toEqual(
      openTasks(early)
        .map((t) => t.taskId)
        .sort(),
    );
  });

  it('for any leads, becoming contactable later opens the task kinds and ids of contact from the start', () => {
    const arbAction = fc.constantFrom<KnownAction>('PLT', 'INS', 'Create', 'StartTestDrive', 'DNC');
    fc.assert(
      fc.property(
        fc.array(arbAction, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 6 }),
        (actions, firstWithEmail) => {
          const contactFrom = Math.min(firstWithEmail, actions.length - 1);
          const late = runLeads(actions.map((action, i) => ({ action, email: i >= contactFrom })));
          const early = runLeads(actions.map((action) => ({ action, email: true })));
          expect(openTaskIds(late)).toEqual(openTaskIds(early));
        },
      ),
    );
  });

  it('a customer that never gets an email or phone opens no task', () => {
    const state = runLeads([
      { action: 'StartTestDrive', email: false },
      { action: 'PLT', email: false },
    ]);
    expect(openTasks(state)).toEqual([]);
  });
});
