import { initialState, type CustomerState } from '@leadflow/domain';
import { addFunnelDelta, funnelEntriesOf, type FunnelKey } from './funnelEntries';
import type { LeadRef, ProjectedCustomer } from './projectedCustomer';

const lead = (leadId: string, at: string, offerKey: string, source: string): LeadRef => ({
  leadId,
  at,
  offerKey,
  publisherId: null,
  offerId: null,
  title: null,
  source,
  action: 'PLT',
  isTest: false,
  name: null,
  company: null,
  jobTitle: null,
  country: null,
});

const customer = (state: Partial<CustomerState>, leads: LeadRef[]): ProjectedCustomer => ({
  customerId: 'c1',
  state: { ...initialState(), status: 'active', realLeadCount: 1, ...state },
  leads,
  firstPosition: '1',
  lastPosition: '2',
  eventCount: 2,
});

describe('funnel entries', () => {
  const leads = [
    lead('l1', '2026-01-01T10:00:00Z', 'p.a', 'AppSource'),
    lead('l2', '2026-01-03T10:00:00Z', 'p.b', 'AzurePortal'),
  ];
  const history = [
    { stage: 'interest' as const, at: '2026-01-01T10:00:00Z', cause: 'lead:l1' },
    { stage: 'active' as const, at: '2026-01-03T10:00:00Z', cause: 'lead:l2' },
    { stage: 'interest' as const, at: '2026-01-04T10:00:00Z', cause: 'task:t1' },
  ];

  it('counts each stage once, on the day first reached, under the causing lead', () => {
    expect(funnelEntriesOf(customer({ stageHistory: history }, leads))).toEqual([
      { day: '2026-01-01', offer: 'p.a', source: 'AppSource', stage: 'interest' },
      { day: '2026-01-03', offer: 'p.b', source: 'AzurePortal', stage: 'active' },
    ]);
  });

  it('counts test and merged customers nowhere', () => {
    expect(
      funnelEntriesOf(customer({ stageHistory: history, realLeadCount: 0, testLeadCount: 1 }, leads)),
    ).toEqual([]);
    expect(funnelEntriesOf(customer({ stageHistory: history, status: 'merged' }, leads))).toEqual([]);
  });

  it('sums deltas so that an unchanged contribution cancels out', () => {
    const deltas = new Map<string, { key: FunnelKey; delta: number }>();
    const entries = funnelEntriesOf(customer({ stageHistory: history }, leads));
    addFunnelDelta(deltas, entries, -1);
    addFunnelDelta(deltas, entries, 1);
    expect([...deltas.values()].every((d) => d.delta === 0)).toBe(true);
  });
});
