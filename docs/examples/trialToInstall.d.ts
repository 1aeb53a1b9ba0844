import type { Projection } from '@leadflow/analytics';
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
declare const projection: Projection<State, TrialToInstall>;
export default projection;
//# sourceMappingURL=trialToInstall.d.ts.map
