/** Follow-up policy settings; `defaultFollowUpConfig` holds the product's defaults. */
export type FollowUpConfig = {
  readonly firstContactDelayHours: number;
  readonly trialCheckInDelayHours: number;
  readonly reEngagedDelayHours: number;
  /** Days after the unanswered first contact at which each nurture email is due. */
  readonly nurtureDays: ReadonlyArray<number>;
};

/** First contact and trial check-in within 24 h, nurture emails at +3, +7, +14, +30 days. */
export const defaultFollowUpConfig: FollowUpConfig = {
  firstContactDelayHours: 24,
  trialCheckInDelayHours: 24,
  reEngagedDelayHours: 24,
  nurtureDays: [3, 7, 14, 30],
};

/** `at` plus a number of hours, as ISO-8601. */
export const addHours = (at: string, hours: number): string =>
  new Date(Date.parse(at) + hours * 3_600_000).toISOString();
