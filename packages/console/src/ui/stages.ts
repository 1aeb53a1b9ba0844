/** The funnel's stages in order: marketplace stages, then the sales stages, then the side stages. */
export const STAGES = [
  'referral',
  'interest',
  'trial',
  'active',
  'qualified',
  'won',
  'nurturing',
  'disqualified',
  'lost',
] as const;
