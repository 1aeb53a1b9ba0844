import type { Person } from './people';
import type { LeadPlan } from './plans';
import type { Action, PersonTruth } from './types';

// The expected outcome, written from the product rules alone (leadflow's code is not consulted):
// the funnel stage is the highest marketplace stage reached, test leads open no task, and a
// contactable customer has at most one open task of each kind.

const RANK: Readonly<Record<Action, number>> = { DNC: 0, PLT: 1, StartTestDrive: 2, INS: 3, Create: 3 };
const STAGE_OF_RANK = ['referral', 'interest', 'trial', 'active'] as const;
const ACTIONABLE: ReadonlySet<Action> = new Set<Action>(['PLT', 'INS', 'Create', 'StartTestDrive']);

/** Whether the lead's action is one leadflow must recognise (an unknown source or action counts none). */
const counts = (plan: LeadPlan): boolean => plan.special?.kind !== 'unrecognized';

/** The truth of one person from its accepted, non-duplicate leads in arrival order. */
export const truthOf = (person: Person, leads: ReadonlyArray<LeadPlan>): PersonTruth => {
  const actions = leads.filter(counts).map((plan) => plan.action);
  const rank = Math.max(-1, ...actions.map((a) => RANK[a]));
  const test = person.scenario === 'test';
  const contactable =
    !test &&
    leads.some(
      (plan) => (plan.carry.email && person.mailbox !== null) || (plan.carry.phone && person.phone !== null),
    );
  const actionable = actions.some((a) => ACTIONABLE.has(a));
  return {
    scenario: person.scenario,
    actions,
    stage: rank < 0 ? null : STAGE_OF_RANK[rank]!,
    openFirstContact: contactable && actionable ? 1 : 0,
    openTrialCheckIn: contactable && actions.includes('StartTestDrive') ? 1 : 0,
    contactable,
    switchboard: person.switchboard,
    // A bridge person's first two leads make two customers; its third joins them.
    merges: person.scenario === 'bridge' ? 1 : 0,
    leads: leads.length,
    anonymous: person.scenario === 'anonymous',
    test,
    unrecognized: person.scenario === 'unrecognized',
  };
};
