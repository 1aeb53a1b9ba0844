import type { CustomerEvent, TaskOutcome } from '@leadflow/contracts';
import fc from 'fast-check';
import { arbCompletion, arbLeadStep, leadCommand, meta, type LeadStep } from '../testing/arbitraries';
import { at, runWithPolicy } from '../testing/fixtures';
import type { CustomerCommand } from './command';
import { evolve, foldEvents } from './evolve';
import { initialState, openTasks, type CustomerState } from './state';

type ScenarioStep = { lead: LeadStep } | { done: { pick: number; outcome: TaskOutcome } };

const arbScenario: fc.Arbitrary<ScenarioStep[]> = fc.array(
  fc.oneof(
    arbLeadStep.map((lead): ScenarioStep => ({ lead })),
    arbCompletion.map((done): ScenarioStep => ({ done })),
  ),
  { minLength: 1, maxLength: 15 },
);

/** Plays a random scenario of leads and task completions through decide, evolve and the policy. */
const scenarioEvents = (scenario: ReadonlyArray<ScenarioStep>): CustomerEvent[] => {
  let state: CustomerState = initialState();
  const events: CustomerEvent[] = [];
  scenario.forEach((step, n) => {
    let command: CustomerCommand | undefined;
    if ('lead' in step) command = leadCommand(step.lead, n);
    else if (state.status === 'active') {
      const { pick, outcome } = step.done;
      const open = openTasks(state);
      const task = open[pick % Math.max(open.length, 1)];
      if (task !== undefined) {
        command = {
          type: 'CompleteFollowUp',
          data: { taskId: task.taskId, outcome, note: null, by: 'x', completedAt: at(n) },
          metadata: meta,
        };
      }
    }
    if (command === undefined) return;
    const result = runWithPolicy(state, command, at(n));
    state = result.state;
    events.push(...result.events);
  });
  return events;
};

describe('evolve', () => {
  it('is deterministic: folding the same events twice gives the same state', () => {
    fc.assert(
      fc.property(arbScenario, (scenario) => {
        const events = scenarioEvents(scenario);
        const once = foldEvents(initialState(), events);
        const twice = foldEvents(initialState(), events);
        return (
          JSON.stringify(once) === JSON.stringify(twice) &&
          events.reduce(evolve, initialState()) !== undefined
        );
      }),
      { numRuns: 150 },
    );
  });

  it('replaying a stream rebuilds the state the decider saw (no hidden state)', () => {
    fc.assert(
      fc.property(arbScenario, (scenario) => {
        const events = scenarioEvents(scenario);
        const replayed = foldEvents(initialState(), JSON.parse(JSON.stringify(events)) as CustomerEvent[]);
        return JSON.stringify(replayed) === JSON.stringify(foldEvents(initialState(), events));
      }),
      { numRuns: 100 },
    );
  });
});
