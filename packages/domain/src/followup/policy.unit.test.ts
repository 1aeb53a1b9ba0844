import fc from 'fast-check';
import { initialState, openTasks } from '../customer/state';
import { arbAction, arbLeadStep, leadCommand, meta } from '../testing/arbitraries';
import { at, incomingLead, receiveLead, run, runWithPolicy } from '../testing/fixtures';
import { defaultFollowUpConfig } from './config';
import { followUpPolicy } from './policy';
import { taskIdOf } from './taskId';

const schedules = (decisions: ReadonlyArray<{ type: string }>) =>
  decisions.filter((d) => d.type === 'schedule');

describe('follow-up policy', () => {
  it('never opens a task for a test lead', () => {
    fc.assert(
      fc.property(fc.array(arbAction, { minLength: 1, maxLength: 8 }), (actions) => {
        let state = initialState();
        return actions.every((action, n) => {
          const lead = incomingLead({ action, isTest: true, email: 'MSFT_TEST_1@test.com' });
          const result = runWithPolicy(state, receiveLead('cus-1', `lead-${n}`, at(n), lead), at(n));
          state = result.state;
          return schedules(result.decisions).length === 0 && openTasks(state).length === 0;
        });
      }),
    );
  });

  it('never opens a task for an opted-out customer', () => {
    fc.assert(
      fc.property(fc.array(arbLeadStep, { minLength: 1, maxLength: 8 }), (steps) => {
        const first = run(initialState(), leadCommand({ ...steps[0]!, action: 'DNC' }, 0)).state;
        let state = run(first, {
          type: 'ChangeContactPreference',
          data: { optedOut: true, reason: 'asked', by: 'ops', changedAt: at(0) },
          metadata: meta,
        }).state;
        return steps.every((step, n) => {
          const result = runWithPolicy(state, leadCommand(step, n + 1), at(n + 1));
          state = result.state;
          return schedules(result.decisions).length === 0;
        });
      }),
    );
  });

  it('never opens a task for a customer who only sent DNC leads; notes the referral for ops', () => {
    fc.assert(
      fc.property(fc.array(arbLeadStep, { minLength: 1, maxLength: 8 }), (steps) => {
        let state = initialState();
        return steps.every((step, n) => {
          const result = runWithPolicy(state, leadCommand({ ...step, action: 'DNC' }, n), at(n));
          state = result.state;
          const noted = result.decisions.every((d) => d.type === 'referral-noted');
          return schedules(result.decisions).length === 0 && openTasks(state).length === 0 && noted;
        });
      }),
    );
    const contactable = runWithPolicy(
      initialState(),
      leadCommand({ action: 'DNC', isTest: false, email: 'a@x.com', phone: null }, 0),
      at(0),
    );
    expect(contactable.decisions).toEqual([
      { type: 'referral-noted', customerId: 'cus-1', leadId: 'lead-0' },
    ]);
  });

  it('does nothing for a customer without email or phone (not contactable)', () => {
    const lead = incomingLead({ action: 'PLT', email: null, phone: null });
    const result = runWithPolicy(initialState(), receiveLead('cus-1', 'lead-1', at(0), lead), at(0));
    expect(openTasks(result.state)).toEqual([]);
  });

  it('keeps task ids stable under redelivery: the same event never schedules a second task', () => {
    fc.assert(
      fc.property(fc.array(arbLeadStep, { minLength: 1, maxLength: 8 }), (steps) => {
        let state = initialState();
        return steps.every((step, n) => {
          const result = runWithPolicy(state, leadCommand(step, n), at(n));
          state = result.state;
          const leadEvent = result.events[0];
          if (leadEvent === undefined) return true;
          // Redelivering the lead event to the policy after its tasks were stored asks for nothing new
          const again = followUpPolicy(state, leadEvent, at(n), defaultFollowUpConfig);
          return schedules(again).length === 0;
        });
      }),
    );
    const trigger = { kind: 'lead' as const, id: 'lead-1' };
    expect(taskIdOf('cus-1', 'first-contact', trigger)).toBe(
      taskIdOf('cus-1', 'first-contact', { ...trigger }),
    );
    expect(taskIdOf('cus-1', 'first-contact', trigger)).not.toBe(
      taskIdOf('cus-1', 'trial-check-in', trigger),
    );
    expect(taskIdOf('cus-1', 'first-contact', trigger)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('asks for one FollowUpOverdue per open task past due', () => {
    const state = runWithPolicy(
      initialState(),
      leadCommand({ action: 'StartTestDrive', isTest: false, email: 'a@x.com', phone: null }, 0),
      at(0),
    ).state;
    const tick = followUpPolicy(state, { type: 'Tick' }, at(30), defaultFollowUpConfig);
    expect(tick.map((d) => d.type)).toEqual(['overdue', 'overdue']);
    expect(followUpPolicy(state, { type: 'Tick' }, at(10), defaultFollowUpConfig)).toEqual([]);
  });
});
