import { type Task } from '@leadflow/domain';
import type { StageChange } from '@leadflow/contracts';
import { type OfferSummary } from './offerSummary';
import type { ProjectedCustomer } from './projectedCustomer';
/** The deduplicated customer of SPEC 7 (`GET /v1/customers/{id}`). */
export interface CustomerView {
  readonly id: string;
  readonly aliases: ReadonlyArray<string>;
  readonly names: ReadonlyArray<string>;
  readonly emails: ReadonlyArray<string>;
  readonly phones: ReadonlyArray<string>;
  readonly company: string | null;
  readonly title: string | null;
  readonly country: string | null;
  readonly offers: ReadonlyArray<OfferSummary>;
  readonly stage: string | null;
  readonly stageHistory: ReadonlyArray<StageChange>;
  readonly leadCount: number;
  readonly firstSeenAt: string | null;
  readonly lastActivityAt: string | null;
  readonly flags: {
    isTest: boolean;
    anonymous: boolean;
    optedOut: boolean;
    unrecognized: boolean;
  };
  readonly openTasks: ReadonlyArray<Task>;
  readonly firstContactAt: string | null;
  readonly speedToLeadSeconds: number | null;
}
/** The view of a stored customer document; real (non-test) leads win for display fields. */
export declare const customerView: (doc: ProjectedCustomer) => CustomerView;
/** A short list entry of a customer (`GET /v1/customers`). */
export declare const customerListItem: (doc: ProjectedCustomer) => {
  id: string;
  names: readonly string[];
  emails: readonly string[];
  company: string | null;
  country: string | null;
  stage: string | null;
  offers: string[];
  leadCount: number;
  firstSeenAt: string | null;
  lastActivityAt: string | null;
  flags: {
    isTest: boolean;
    anonymous: boolean;
    optedOut: boolean;
    unrecognized: boolean;
  };
};
//# sourceMappingURL=customerView.d.ts.map
