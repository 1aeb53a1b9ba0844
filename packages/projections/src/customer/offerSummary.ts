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

const addDistinct = (list: ReadonlyArray<string>, value: string): ReadonlyArray<string> =>
  list.includes(value) ? list : [...list, value];

/** The customer's offers in order of first appearance. */
export const offerSummaries = (leads: ReadonlyArray<LeadRef>): ReadonlyArray<OfferSummary> => {
  const byKey = new Map<string, OfferSummary>();
  for (const lead of leads) {
    const seen = byKey.get(lead.offerKey);
    byKey.set(
      lead.offerKey,
      seen === undefined
        ? {
            offerKey: lead.offerKey,
            publisherId: lead.publisherId,
            offerId: lead.offerId,
            title: lead.title,
            actions: [lead.action],
            sources: [lead.source],
            leadCount: 1,
            firstSeenAt: lead.at,
            lastSeenAt: lead.at,
          }
        : {
            ...seen,
            title: seen.title ?? lead.title,
            actions: addDistinct(seen.actions, lead.action),
            sources: addDistinct(seen.sources, lead.source),
            leadCount: seen.leadCount + 1,
            firstSeenAt: lead.at < seen.firstSeenAt ? lead.at : seen.firstSeenAt,
            lastSeenAt: lead.at > seen.lastSeenAt ? lead.at : seen.lastSeenAt,
          },
    );
  }
  return [...byKey.values()];
};
