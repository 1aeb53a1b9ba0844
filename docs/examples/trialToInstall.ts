// Time from a customer's first test drive (StartTestDrive) to its first install (INS or Create), in hours.
//   pnpm leadflow replay docs/examples/trialToInstall.ts
import type { Projection } from '../../packages/analytics/src';

interface Milestones {
  trialAt: string | null;
  installAt: string | null;
}

interface State {
  /** Per customer stream; a merged-away customer's milestones move to its survivor. */
  readonly customers: Map<string, Milestones>;
}

export interface TrialToInstall {
  /** Customers that started a test drive. */
  readonly trials: number;
  /** Of those, customers that installed after it. */
  readonly installed: number;
  readonly medianHours: number | null;
  readonly p90Hours: number | null;
}

const earliest = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null ? a : a <= b ? a : b;

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: ReadonlyArray<number>, p: number): number | null =>
  sorted.length === 0 ? null : sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;

const projection: Projection<State, TrialToInstall> = {
  init: () => ({ customers: new Map() }),
  apply: (state, event) => {
    const own = state.customers.get(event.customerId) ?? { trialAt: null, installAt: null };
    if (event.type === 'LeadReceived' && !event.data.isTest) {
      const action = event.data.action.known;
      if (action === 'StartTestDrive') own.trialAt = earliest(own.trialAt, event.data.receivedAt);
      if (action === 'INS' || action === 'Create')
        own.installAt = earliest(own.installAt, event.data.receivedAt);
      state.customers.set(event.customerId, own);
    } else if (event.type === 'CustomerMergedInto') {
      // One person, two streams until the merge: the survivor keeps the earliest of each milestone.
      const survivor = state.customers.get(event.data.survivorId) ?? { trialAt: null, installAt: null };
      survivor.trialAt = earliest(survivor.trialAt, own.trialAt);
      survivor.installAt = earliest(survivor.installAt, own.installAt);
      state.customers.set(event.data.survivorId, survivor);
      state.customers.delete(event.customerId);
    }
    return state;
  },
  result: (state) => {
    const trials = [...state.customers.values()].filter((m) => m.trialAt !== null);
    const hours = trials
      .filter((m) => m.installAt !== null && m.installAt >= m.trialAt!)
      .map((m) => (Date.parse(m.installAt!) - Date.parse(m.trialAt!)) / 3_600_000)
      .sort((a, b) => a - b);
    return {
      trials: trials.length,
      installed: hours.length,
      medianHours: percentile(hours, 0.5),
      p90Hours: percentile(hours, 0.9),
    };
  },
};

export default projection;
