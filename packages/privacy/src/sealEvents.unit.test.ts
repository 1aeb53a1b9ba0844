import { decodeStoredEvent, PERSONAL_FIELDS, withoutPersonalData } from '@leadflow/contracts';
import * as fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { newKey } from './crypto';
import { openData, sealData } from './sealEvents';

// Values carry a character base64 never produces, so finding one in the stored bytes means clear text.
const personal = fc.string({ minLength: 3, maxLength: 40 }).map((s) => `§${s}`);
const maybe = fc.option(personal, { nil: null });

const leadReceived = fc.record({
  firstName: maybe,
  lastName: maybe,
  email: maybe,
  phone: maybe,
  company: maybe,
  title: maybe,
  nEmail: maybe,
  nPhone: maybe,
  fullName: maybe,
  description: maybe,
});

type LeadValues = Record<
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'phone'
  | 'company'
  | 'title'
  | 'nEmail'
  | 'nPhone'
  | 'fullName'
  | 'description',
  string | null
>;

const leadData = (v: LeadValues) => ({
  leadId: 'lead-1',
  customerId: 'cust-1',
  receivedAt: '2026-11-02T00:00:00.000Z',
  source: { raw: 'AzureMarketplace', known: 'AzureMarketplace' },
  action: { raw: 'PLT', known: 'PLT' },
  offer: { publisherId: 'pub', offerId: 'offer', title: null },
  description: v.description,
  customer: {
    original: {
      firstName: v.firstName,
      lastName: v.lastName,
      email: v.email,
      phone: v.phone,
      country: 'US',
      company: v.company,
      title: v.title,
    },
    normalised: {
      email: v.nEmail,
      phone: v.nPhone,
      country: 'US',
      firstName: v.firstName,
      lastName: v.lastName,
      fullName: v.fullName,
      company: v.company,
    },
  },
  contentHash: 'hash',
  producer: { format: 'webhook', name: null, producerLeadId: null, idempotencyKey: null, occurredAt: null },
  matchedBy: null,
  isTest: false,
  unrecognized: false,
});

const valuesOf = (v: Record<string, string | null>) =>
  Object.values(v).filter((x): x is string => x !== null);
const jsonText = (value: string) => JSON.stringify(value).slice(1, -1);

describe('sealing personal fields', () => {
  it('opens to the identity, and no clear personal value is in the stored bytes (LeadReceived)', () => {
    fc.assert(
      fc.property(leadReceived, (v) => {
        const key = newKey();
        const data = leadData(v);
        const stored = sealData('LeadReceived', 'event-1', data, 'cust-1', key);
        const bytes = JSON.stringify(stored);
        for (const value of valuesOf(v)) expect(bytes).not.toContain(jsonText(value));
        expect(openData('LeadReceived', 'event-1', stored, key)).toEqual(data);
      }),
    );
  });

  it('opens to the identity for notes, reasons and a merged identity', () => {
    fc.assert(
      fc.property(personal, personal, fc.array(personal, { maxLength: 3 }), (note, reason, emails) => {
        const key = newKey();
        const cases: Array<[string, Record<string, unknown>, string[]]> = [
          [
            'FollowUpCompleted',
            { taskId: 't', customerId: 'c', outcome: 'contacted', note, by: 'rep', completedAt: 'x' },
            [note],
          ],
          [
            'ContactPreferenceChanged',
            { customerId: 'c', optedOut: true, reason, by: null, changedAt: 'x' },
            [reason],
          ],
          [
            'CustomerMerged',
            {
              customerId: 'c',
              mergedCustomerId: 'm',
              absorbed: { identity: { emails, phones: [], names: [] } },
            },
            emails,
          ],
        ];
        for (const [type, data, values] of cases) {
          const stored = sealData(type, 'e', data, 'c', key);
          const bytes = JSON.stringify(stored);
          for (const value of values) expect(bytes).not.toContain(jsonText(value));
          expect(openData(type, 'e', stored, key)).toEqual(data);
        }
      }),
    );
  });

  it('reads an erased customer (no key) or another key as the fixed placeholders, never an error', () => {
    fc.assert(
      fc.property(leadReceived, (v) => {
        const data = leadData(v);
        const stored = sealData('LeadReceived', 'event-1', data, 'cust-1', newKey());
        const placeholder = withoutPersonalData('LeadReceived', data);
        expect(openData('LeadReceived', 'event-1', stored, null)).toEqual(placeholder);
        expect(openData('LeadReceived', 'event-1', stored, newKey())).toEqual(placeholder);
        // A sealed part moved to another event does not open there either.
        expect(openData('LeadReceived', 'event-2', stored, newKey())).toEqual(placeholder);
      }),
    );
  });

  it('decodes a still-sealed event with its personal fields as null', () => {
    const data = leadData({
      firstName: '§Ada',
      lastName: '§Lovelace',
      email: '§ada@example.org',
      phone: null,
      company: '§Engines',
      title: null,
      nEmail: '§ada@example.org',
      nPhone: null,
      fullName: '§ada lovelace',
      description: '§hello',
    });
    const stored = sealData('LeadReceived', 'event-1', data, 'cust-1', newKey());
    const decoded = decodeStoredEvent({
      type: 'LeadReceived',
      data: stored,
      metadata: { schemaVersion: 2, correlationId: 'c', causationId: 'c' },
    });
    expect(E.isRight(decoded)).toBe(true);
    if (E.isLeft(decoded) || decoded.right.type !== 'LeadReceived') throw new Error('expected LeadReceived');
    expect(decoded.right.data.customer.original).toMatchObject({
      firstName: null,
      email: null,
      country: 'US',
    });
    expect(decoded.right.data.description).toBeNull();
    expect(decoded.right.data).not.toHaveProperty('sealed');
  });

  it('lists the personal fields of every event that has any', () => {
    expect(Object.keys(PERSONAL_FIELDS).sort()).toEqual(
      ['ContactPreferenceChanged', 'CustomerMerged', 'FollowUpCompleted', 'LeadReceived'].sort(),
    );
  });

  it('reads a v1 LeadReceived with clear fields as it was stored', () => {
    const data = leadData({
      firstName: 'Ada',
      lastName: null,
      email: 'ada@example.org',
      phone: null,
      company: null,
      title: null,
      nEmail: 'ada@example.org',
      nPhone: null,
      fullName: null,
      description: null,
    });
    const decoded = decodeStoredEvent({
      type: 'LeadReceived',
      data,
      metadata: { schemaVersion: 1, correlationId: 'c', causationId: 'c' },
    });
    expect(E.isRight(decoded) && decoded.right.data).toEqual(data);
  });
});
