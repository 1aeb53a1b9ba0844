import type { KnownAction, MarketplaceStage, SalesStage, Stage, TaskOutcome } from '@leadflow/contracts';

const MARKETPLACE_RANK: Readonly<Record<MarketplaceStage, number>> = {
  referral: 0,
  interest: 1,
  trial: 2,
  active: 3,
};

/** The marketplace stage an action reaches: DNC referral, PLT interest, test drive trial, INS/Create active. */
export const marketplaceStageOf = (action: KnownAction): MarketplaceStage => {
  switch (action) {
    case 'DNC':
      return 'referral';
    case 'PLT':
      return 'interest';
    case 'StartTestDrive':
      return 'trial';
    case 'INS':
    case 'Create':
      return 'active';
  }
};

/** The higher of two marketplace stages: marketplace leads never move a customer backwards. */
export const highestMarketplaceStage = (
  current: MarketplaceStage | null,
  reached: MarketplaceStage | null,
): MarketplaceStage | null => {
  if (current === null) return reached;
  if (reached === null) return current;
  return MARKETPLACE_RANK[reached] > MARKETPLACE_RANK[current] ? reached : current;
};

/** Rank of a marketplace stage (referral 0 .. active 3), for comparisons and properties. */
export const marketplaceRank = (stage: MarketplaceStage): number => MARKETPLACE_RANK[stage];

/** The sales stage a task outcome sets, if any; contacted, no-response and opted-out set none. */
export const salesStageOfOutcome = (outcome: TaskOutcome): SalesStage | null => {
  switch (outcome) {
    case 'qualified':
    case 'won':
    case 'disqualified':
    case 'lost':
      return outcome;
    default:
      return null;
  }
};

/** Closed sales stages: a new marketplace lead leaves them and asks a human to look (`re-engaged`). */
export const isClosedSalesStage = (stage: SalesStage | null): boolean =>
  stage === 'disqualified' || stage === 'lost';

/** Which sales stage wins when two customers merge: a human decision beats the automatic `nurturing`. */
const SALES_PRECEDENCE: Readonly<Record<SalesStage, number>> = {
  won: 4,
  qualified: 3,
  lost: 2,
  disqualified: 1,
  nurturing: 0,
};

/** The sales stage a merged customer keeps. */
export const mergeSalesStages = (a: SalesStage | null, b: SalesStage | null): SalesStage | null => {
  if (a === null) return b;
  if (b === null) return a;
  return SALES_PRECEDENCE[b] > SALES_PRECEDENCE[a] ? b : a;
};

/** The customer's funnel stage: the sales stage when set, else the highest marketplace stage. */
export const currentStage = (marketplace: MarketplaceStage | null, sales: SalesStage | null): Stage | null =>
  sales ?? marketplace;
