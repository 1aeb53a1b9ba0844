import { EVENT_COLUMNS, type Row } from './columns';

/**
 * What to export. Times are ISO-8601 instants (`from` inclusive, `until` exclusive) on the recorded
 * time (events), the first lead (customers) or the scheduling time (tasks); `afterPosition` keeps what
 * changed strictly after a position an earlier export reported.
 */
export interface ExportFilter {
  readonly from?: string;
  readonly until?: string;
  readonly afterPosition?: bigint;
  /** Events only: one event type. */
  readonly type?: string;
  /** `publisherId.offerId` or the offer id alone. */
  readonly offer?: string;
  readonly source?: string;
}

const index = (name: string): number => EVENT_COLUMNS.findIndex((c) => c.name === name);
const AT = index('recordedAt');
const TYPE = index('type');
const SOURCE = index('source');
const PUBLISHER = index('publisherId');
const OFFER = index('offerId');

/**
 * Whether an event row passes the filter. Applied after the stage fold, so an event left out still
 * moves its customer's stage for the rows kept.
 */
export const eventRowMatcher = (filter: ExportFilter): ((row: Row) => boolean) => {
  const from = filter.from === undefined ? null : Date.parse(filter.from);
  const until = filter.until === undefined ? null : Date.parse(filter.until);
  const source = filter.source?.toLowerCase();
  return (row) => {
    const at = (row[AT] as Date).getTime();
    if (from !== null && at < from) return false;
    if (until !== null && at >= until) return false;
    if (filter.type !== undefined && row[TYPE] !== filter.type) return false;
    if (source !== undefined && (typeof row[SOURCE] !== 'string' || row[SOURCE].toLowerCase() !== source))
      return false;
    if (filter.offer !== undefined) {
      const offerId = row[OFFER];
      if (offerId !== filter.offer && `${String(row[PUBLISHER])}.${String(offerId)}` !== filter.offer)
        return false;
    }
    return true;
  };
};
