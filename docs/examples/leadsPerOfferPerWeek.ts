// Leads per offer per ISO week (UTC), test leads left out.
//   pnpm leadflow replay docs/examples/leadsPerOfferPerWeek.ts [--from 2026-01-01] [--until 2026-03-31]
import type { Projection, ReplayEvent } from '../../packages/analytics/src';

type Counts = Map<string, Map<string, number>>;

/** `2026-W02`: the ISO-8601 week of a UTC instant (weeks start on Monday; week 1 holds the first Thursday). */
export const isoWeek = (at: string): string => {
  const day = new Date(at.slice(0, 10) + 'T00:00:00Z');
  const weekday = (day.getUTCDay() + 6) % 7;
  const thursday = new Date(day.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
};

const offerOf = (event: Extract<ReplayEvent, { type: 'LeadReceived' }>): string => {
  const { publisherId, offerId, title } = event.data.offer;
  return offerId !== null ? `${publisherId ?? ''}.${offerId}` : (title ?? 'unknown');
};

const projection: Projection<Counts, Record<string, Record<string, number>>> = {
  init: () => new Map(),
  apply: (counts, event) => {
    if (event.type !== 'LeadReceived' || event.data.isTest) return counts;
    const offer = offerOf(event);
    const weeks = counts.get(offer) ?? new Map<string, number>();
    const week = isoWeek(event.data.receivedAt);
    weeks.set(week, (weeks.get(week) ?? 0) + 1);
    return counts.set(offer, weeks);
  },
  // Offers and weeks in order, so two runs print the same JSON.
  result: (counts) =>
    Object.fromEntries(
      [...counts.keys()].sort().map((offer) => {
        const weeks = counts.get(offer)!;
        return [offer, Object.fromEntries([...weeks.keys()].sort().map((w) => [w, weeks.get(w)!]))];
      }),
    ),
};

export default projection;
