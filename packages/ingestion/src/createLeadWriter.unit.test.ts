import { decodeLead } from '@leadflow/contracts';
import { isRight } from 'fp-ts/Either';
import { dedupKeyOfBody as dedupKeyOf } from './createLeadWriter';

const decoded = (body: unknown) => {
  const result = decodeLead(body);
  if (!isRight(result)) throw new Error('expected a valid lead');
  return result.right;
};

describe('dedupKeyOf (Idempotency-Key, then canonical id, then content hash)', () => {
  const webhook = { UserDetails: { Email: 'a@b.com' }, LeadSource: 'AzureMarketplace', ActionCode: 'PLT' };
  const canonical = {
    id: 'evt-1',
    occurredAt: '2026-01-01T00:00:00Z',
    action: 'PLT',
    customer: { email: 'a@b.com' },
  };

  it('takes the Idempotency-Key first, then the canonical id, then the webhook content', () => {
    expect(dedupKeyOf(decoded(webhook), webhook, 'key-1')).toBe('idem:key-1');
    expect(dedupKeyOf(decoded(canonical), canonical, null)).toBe('id:evt-1');
    expect(dedupKeyOf(decoded(webhook), webhook, null)).toMatch(/^hash:[0-9a-f]{64}$/);
  });

  it('sees the same webhook content whatever the key case and surrounding spaces', () => {
    const recased = {
      userdetails: { EMAIL: ' a@b.com ' },
      leadsource: 'AzureMarketplace',
      actioncode: 'PLT ',
    };
    expect(dedupKeyOf(decoded(recased), recased, null)).toBe(dedupKeyOf(decoded(webhook), webhook, null));
  });
});
