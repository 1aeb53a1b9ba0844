import * as t from 'io-ts';

/** Marketplace stages in funnel order: referral (DNC) < interest (PLT) < trial (StartTestDrive) < active (INS, Create). */
export const MarketplaceStage = t.keyof({ referral: null, interest: null, trial: null, active: null });
export type MarketplaceStage = t.TypeOf<typeof MarketplaceStage>;

/** Stages set by follow-up outcomes; nurturing, disqualified and lost are side stages. */
export const SalesStage = t.keyof({
  qualified: null,
  won: null,
  nurturing: null,
  disqualified: null,
  lost: null,
});
export type SalesStage = t.TypeOf<typeof SalesStage>;

/** A customer's funnel stage: the sales stage when one is set, else the highest marketplace stage. */
export const Stage = t.union([MarketplaceStage, SalesStage]);
export type Stage = t.TypeOf<typeof Stage>;
