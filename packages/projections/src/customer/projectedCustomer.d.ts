import type { CustomerEvent, LeadReceivedData } from '@leadflow/contracts';
import { type CustomerState } from '@leadflow/domain';
/** What the read side keeps of one lead beyond the domain state: offer, source and display fields. */
export interface LeadRef {
  readonly leadId: string;
  readonly at: string;
  readonly offerKey: string;
  readonly publisherId: string | null;
  readonly offerId: string | null;
  readonly title: string | null;
  readonly source: string;
  readonly action: string;
  readonly isTest: boolean;
  readonly name: string | null;
  readonly company: string | null;
  readonly jobTitle: string | null;
  readonly country: string | null;
}
/** One customer as the projection stores it (jsonb): the folded domain state plus the read side's extras. */
export interface ProjectedCustomer {
  readonly customerId: string;
  readonly state: CustomerState;
  readonly leads: ReadonlyArray<LeadRef>;
  /** Global position of the customer's first event: the immutable list order key. */
  readonly firstPosition: string;
  readonly lastPosition: string;
  /** Events applied to this customer (a re-applied event would show here). */
  readonly eventCount: number;
}
/** The offer a lead names: `publisher.offer`, else its title, else `unknown`. */
export declare const offerKeyOf: (offer: LeadReceivedData['offer']) => string;
/** A customer before its first event. */
export declare const emptyProjectedCustomer: (customerId: string, position: string) => ProjectedCustomer;
/** Applies one decoded event at `position` (pure; `lookup` gives the current document of another customer). */
export declare const evolveProjected: (
  doc: ProjectedCustomer,
  event: CustomerEvent,
  position: string,
  lookup: (customerId: string) => ProjectedCustomer | undefined,
) => ProjectedCustomer;
//# sourceMappingURL=projectedCustomer.d.ts.map
