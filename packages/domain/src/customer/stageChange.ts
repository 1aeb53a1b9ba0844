import type { MarketplaceStage, SalesStage } from '@leadflow/contracts';
import { currentStage } from '../funnel/stage';
import type { CustomerState } from './state';
import { withChanges } from './withChanges';

/** Sets the marketplace and sales stages, recording a history entry when the derived stage changes. */
export const withStages = (
  state: CustomerState,
  marketplaceStage: MarketplaceStage | null,
  salesStage: SalesStage | null,
  at: string,
  cause: string,
): CustomerState => {
  const stage = currentStage(marketplaceStage, salesStage);
  if (marketplaceStage === state.marketplaceStage && salesStage === state.salesStage) return state;
  const stageHistory =
    stage !== null && stage !== state.stage
      ? [...state.stageHistory, { stage, at, cause }]
      : state.stageHistory;
  return withChanges(state, { marketplaceStage, salesStage, stage, stageHistory });
};
