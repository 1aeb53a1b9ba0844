import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import type { DecodeError } from './decodeErrors';
import { decodeLead } from './decodeLead';

const recase = (key: string, flips: ReadonlyArray<boolean>): string =>
  [...key]
    .map((char, index) => (flips[index % flips.length] ? char.toUpperCase() : char.toLowerCase()))
    .join('');

// Each key gets its own case pattern (the flips rotated by the key's position).
const recaseKeys = (value: unknown, flips: ReadonlyArray<boolean>): unknown => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item], index) => [
      recase(key, [...flips.slice(index % flips.length), ...flips.slice(0, index % flips.length)]),
      recaseKeys(item, flips),
    ]),
  );
};

// Error paths name keys as sent, so only their case may differ.
const caseBlind = (result: ReturnType<typeof decodeLead>) =>
  E.mapLeft((errors: DecodeError[]) => errors.map((error) => ({ ...error, path: error.path.toLowerCase() })))(
    result,
  );

const field = fc.option(
  fc.oneof(fc.string(), fc.constantFrom('  ', 'MSFT_TEST_636573304831318844', ' someone@contoso.com ')),
  { nil: null },
);
const action = fc.oneof(fc.constantFrom('PLT', 'ins', 'Create', 'starttestdrive', 'DNC'), fc.string());
const leadSource = fc.oneof(
  fc.constantFrom('AzureMarketplace', 'AzurePortal', 'AppSource (SPZA)', 'SPZA', 'TestDrive'),
  fc.constantFrom(
    'AppSource (SPZA)-PLT | bitnami.openedxcypress',
    'AzurePortal-Create|northwind.erp-connector.v2',
  ),
  fc.string(),
);

const webhookBody = fc.record(
  {
    UserDetails: fc.option(
      fc.record(
        {
          FirstName: field,
          LastName: field,
          Email: field,
          Phone: field,
          Country: field,
          Company: field,
          Title: field,
        },
        { requiredKeys: [] },
      ),
      { nil: null },
    ),
    LeadSource: fc.option(leadSource, { nil: null }),
    ActionCode: fc.option(action, { nil: null }),
    OfferTitle: field,
    Description: field,
  },
  { requiredKeys: ['ActionCode'] },
);

const flipsArbitrary = fc.array(fc.boolean(), { minLength: 1, maxLength: 9 });

describe('decodeLead properties', () => {
  it('decodes a webhook identically whatever the case of its keys (error paths keep the case sent)', () => {
    fc.assert(
      fc.property(webhookBody, flipsArbitrary, (body, flips) => {
        expect(caseBlind(decodeLead(recaseKeys(body, flips)))).toEqual(caseBlind(decodeLead(body)));
      }),
      { numRuns: 500 },
    );
  });

  it('decodes webhooks with a known action whatever the other fields hold', () => {
    fc.assert(
      fc.property(
        webhookBody,
        fc.constantFrom('PLT', 'INS', 'Create', 'StartTestDrive', 'DNC'),
        (body, code) => {
          const result = decodeLead({ ...body, ActionCode: code, LeadSource: 'AzureMarketplace' });
          expect(E.isRight(result) && result.right.action.known).toBe(code);
        },
      ),
    );
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        decodeLead(body);
      }),
    );
  });

  it('never throws on anything', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withMap: true, withBigInt: true }), (body) => {
        decodeLead(body);
      }),
    );
  });

  it('never throws on lead-shaped objects holding arbitrary values, and explains each rejection', () => {
    const keys = fc.constantFrom(
      'UserDetails',
      'userdetails',
      'LeadSource',
      'ActionCode',
      'OfferTitle',
      'Email',
      'id',
      'occurredAt',
      'action',
      'customer',
    );
    fc.assert(
      fc.property(
        fc.dictionary(keys, fc.oneof(fc.jsonValue(), fc.dictionary(keys, fc.jsonValue()))),
        (body) => {
          const result = decodeLead(body);
          if (E.isLeft(result)) expect(result.left.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});
