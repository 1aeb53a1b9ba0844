import * as E from 'fp-ts/Either';
import { decodeStoredEvent, upcast } from './upcast';

const v0Data = {
  leadId: 'lead-1',
  customerId: 'cust-1',
  receivedAt: '2026-09-26T18:39:50.000Z',
  source: { raw: 'AzureMarketplace', known: 'AzureMarketplace' },
  action: { raw: 'INS', known: 'INS' },
  offer: { publisherId: null, offerId: null, title: 'Fabrikam Sign' },
  description: null,
  customer: {
    original: {
      name: ' Noah  van Tanaka ',
      email: 'noah@contoso.com',
      phone: null,
      country: 'DE',
      company: 'Contoso',
      title: null,
    },
    normalised: {
      name: 'noah van tanaka',
      email: 'noah@contoso.com',
      phone: null,
      country: 'DE',
      company: 'contoso',
    },
  },
  producer: { format: 'webhook', name: null, producerLeadId: null, idempotencyKey: null, occurredAt: null },
  matchedBy: null,
  isTest: false,
  unrecognized: false,
};
const metadata = { correlationId: 'c-1', causationId: 'lead-1' };

describe('upcast', () => {
  it('lifts LeadReceived v0 (single name, no content hash) to the latest version', () => {
    // Given a v0 LeadReceived as stored before the name split
    // When it is read back
    const result = decodeStoredEvent({
      type: 'LeadReceived',
      data: v0Data,
      metadata: { ...metadata, schemaVersion: 0 },
    });
    // Then it is a valid latest-version event with first/last name and a placeholder hash
    expect(E.isRight(result)).toBe(true);
    if (E.isLeft(result) || result.right.type !== 'LeadReceived') throw new Error('expected LeadReceived');
    const { data, metadata: meta } = result.right;
    expect(meta.schemaVersion).toBe(2);
    expect(data.contentHash).toBe('v0:lead-1');
    expect(data.customer.original.firstName).toBe('Noah');
    expect(data.customer.original.lastName).toBe('van Tanaka');
    expect(data.customer.normalised).toMatchObject({
      firstName: 'noah',
      lastName: 'van tanaka',
      fullName: 'noah van tanaka',
    });
    expect(data.customer.original).not.toHaveProperty('name');
  });

  it('passes latest-version data through unchanged', () => {
    const data = { anything: 1 };
    expect(upcast('FollowUpOverdue', 1, data)).toEqual(
      E.right({ type: 'FollowUpOverdue', schemaVersion: 1, data }),
    );
  });

  it('rejects unknown types, future versions and malformed data', () => {
    expect(upcast('Nope', 1, {})).toEqual(E.left({ type: 'UnknownEventType', eventType: 'Nope' }));
    expect(E.isLeft(upcast('LeadReceived', 3, {}))).toBe(true);
    expect(E.isLeft(upcast('FollowUpOverdue', 0, {}))).toBe(true);
    const bad = decodeStoredEvent({
      type: 'FollowUpOverdue',
      data: { taskId: 1 },
      metadata: { ...metadata, schemaVersion: 1 },
    });
    expect(E.isLeft(bad) && bad.left.type).toBe('MalformedEvent');
  });
});
