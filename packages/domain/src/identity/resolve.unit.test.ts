import type { NormalisedCustomer } from '@leadflow/contracts';
import {
  emptyIdentityIndex,
  recordIdentity,
  recordMerge,
  canonicalCustomerId,
  type IdentityIndex,
} from './identityIndex';
import { summaryOfLead } from './identitySummary';
import { resolve } from './resolve';

const lead = (c: Partial<NormalisedCustomer>): NormalisedCustomer => ({
  email: null,
  phone: null,
  country: null,
  firstName: null,
  lastName: null,
  fullName: null,
  company: null,
  ...c,
});
const add = (index: IdentityIndex, id: string, c: Partial<NormalisedCustomer>, at: string) =>
  recordIdentity(index, id, summaryOfLead(lead(c)), at);

describe('resolve', () => {
  it('a new lead, an existing customer, and a lead linking two customers (merge into the oldest)', () => {
    // Given one customer known by email and a younger one known by phone
    let index = add(emptyIdentityIndex(), 'old', { email: 'a@x.com' }, '2026-01-01T00:00:00Z');
    index = add(index, 'young', { phone: '+4930111' }, '2026-02-01T00:00:00Z');
    // Then
    expect(resolve(index, lead({ email: 'z@x.com' }))).toEqual({ kind: 'new' });
    expect(resolve(index, lead({ email: 'a@x.com' }))).toEqual({
      kind: 'existing',
      customerId: 'old',
      rule: 'email',
    });
    // When a lead carries the email of one and the phone of the other
    const merge = resolve(index, lead({ email: 'a@x.com', phone: '+4930111' }));
    expect(merge).toMatchObject({ kind: 'merge', survivor: 'old', merged: ['young'], rule: 'email' });
    // And once recorded, the merged id resolves to the survivor
    index = recordMerge(index, 'old', ['young']);
    expect(canonicalCustomerId(index, 'young')).toBe('old');
    expect(resolve(index, lead({ phone: '+4930111' }))).toEqual({
      kind: 'existing',
      customerId: 'old',
      rule: 'phone',
    });
  });

  it('a lead without email reaching two colleagues through a switchboard does not merge them', () => {
    let index = add(
      emptyIdentityIndex(),
      'ann',
      { email: 'ann@x.com', phone: '+4930111' },
      '2026-01-01T00:00:00Z',
    );
    index = add(
      index,
      'bob',
      { email: 'bob@x.com', phone: '+4930111', fullName: 'bob b', company: 'x' },
      '2026-01-02T00:00:00Z',
    );
    // Bob's name and the phone point at Bob more strongly than the phone alone at Ann
    expect(resolve(index, lead({ phone: '+4930111', fullName: 'bob b', company: 'x' }))).toEqual({
      kind: 'existing',
      customerId: 'bob',
      rule: 'phone',
    });
  });

  it('a lead with no email, phone or name is always new (anonymous)', () => {
    const index = add(emptyIdentityIndex(), 'c', { country: 'US', company: 'x' }, '2026-01-01T00:00:00Z');
    expect(resolve(index, lead({ country: 'US', company: 'x' }))).toEqual({ kind: 'new' });
  });
});
