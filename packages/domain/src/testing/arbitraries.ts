import type { KnownAction, TaskOutcome } from '@leadflow/contracts';
import fc from 'fast-check';
import type { CustomerCommand } from '../customer/command';
import { incomingLead, meta, receiveLead, at } from './fixtures';

/** A lead step of a scenario: its action (null = unrecognized), whether it is a test lead, and contact data. */
export type LeadStep = {
  readonly action: KnownAction | null;
  readonly isTest: boolean;
  readonly email: string | null;
  readonly phone: string | null;
};

export const arbAction: fc.Arbitrary<KnownAction | null> = fc.constantFrom(
  'PLT',
  'INS',
  'Create',
  'StartTestDrive',
  'DNC',
  null,
);

export const arbLeadStep: fc.Arbitrary<LeadStep> = fc.record({
  action: arbAction,
  isTest: fc.constant(false),
  email: fc.constantFrom('ada@contoso.com', null),
  phone: fc.constantFrom('+442072590507', null),
});

/** The ReceiveLead command of the n-th step of a scenario on customer `cus-1`. */
export const leadCommand = (step: LeadStep, n: number): CustomerCommand =>
  receiveLead(
    'cus-1',
    `lead-${n}`,
    at(n),
    incomingLead({ action: step.action, isTest: step.isTest, email: step.email, phone: step.phone }),
  );

/** A task completion step: which open task (by position) and the outcome. */
export const arbCompletion: fc.Arbitrary<{ pick: number; outcome: TaskOutcome }> = fc.record({
  pick: fc.nat(),
  outcome: fc.constantFrom<TaskOutcome>(
    'contacted',
    'no-response',
    'qualified',
    'disqualified',
    'won',
    'lost',
    'opted-out',
  ),
});

export { meta };
