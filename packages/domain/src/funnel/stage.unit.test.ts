import fc from 'fast-check';
import { initialState } from '../customer/state';
import { arbLeadStep, leadCommand } from '../testing/arbitraries';
import { run } from '../testing/fixtures';
import { highestMarketplaceStage, marketplaceRank, marketplaceStageOf } from './stage';

describe('funnel stages', () => {
  it('marketplace leads never move a customer backwards; the stage is the highest reached', () => {
    fc.assert(
      fc.property(fc.array(arbLeadStep, { minLength: 1, maxLength: 12 }), (steps) => {
        let state = initialState();
        let highest = -1;
        return steps.every((step, n) => {
          const before = state.marketplaceStage === null ? -1 : marketplaceRank(state.marketplaceStage);
          state = run(state, leadCommand(step, n)).state;
          const after = state.marketplaceStage === null ? -1 : marketplaceRank(state.marketplaceStage);
          if (step.action !== null)
            highest = Math.max(highest, marketplaceRank(marketplaceStageOf(step.action)));
          return after >= before && after === highest && state.stage === state.marketplaceStage;
        });
      }),
    );
  });

  it('unrecognized leads never set a stage', () => {
    const state = run(
      initialState(),
      leadCommand({ action: null, isTest: false, email: 'a@x.com', phone: null }, 0),
    ).state;
    expect(state.stage).toBeNull();
    expect(state.unrecognizedLeadCount).toBe(1);
  });

  it('highestMarketplaceStage is the max of the order referral < interest < trial < active', () => {
    expect(highestMarketplaceStage('active', 'interest')).toBe('active');
    expect(highestMarketplaceStage('referral', 'trial')).toBe('trial');
    expect(highestMarketplaceStage(null, 'referral')).toBe('referral');
  });
});
