import type { Projection } from '@leadflow/analytics';
type Counts = Map<string, Map<string, number>>;
/** `2026-W02`: the ISO-8601 week of a UTC instant (weeks start on Monday; week 1 holds the first Thursday). */
export declare const isoWeek: (at: string) => string;
declare const projection: Projection<Counts, Record<string, Record<string, number>>>;
export default projection;
//# sourceMappingURL=leadsPerOfferPerWeek.d.ts.map
