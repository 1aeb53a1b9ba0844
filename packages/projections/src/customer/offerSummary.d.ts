import type { LeadRef } from './projectedCustomer';
/** One offer a customer asked about, with every action and source seen for it. */
export interface OfferSummary {
  readonly offerKey: string;
  readonly publisherId: string | null;
  readonly offerId: string | null;
  readonly title: string | null;
  readonly actions: ReadonlyArray<string>;
  readonly sources: ReadonlyArray<string>;
  readonly leadCount: number;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
}
/** The customer's offers in order of first appearance. */
export declare const offerSummaries: (leads: ReadonlyArray<LeadRef>) => ReadonlyArray<OfferSummary>;
//# sourceMappingURL=offerSummary.d.ts.map
