import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { CanonicalRawLead } from './canonicalRawLead';
import { RAW_LEAD_SCHEMA_FILE, rawLeadV1JsonSchema, renderRawLeadJsonSchema } from './rawLeadJsonSchema';

// `format` is an annotation only: the pattern carries the whole date-time check.
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, validateFormats: false });
const validate = ajv.compile(rawLeadV1JsonSchema);
const codecAccepts = (document: unknown): boolean => E.isRight(CanonicalRawLead.decode(document));

const text = fc.oneof(
  fc.string(),
  fc.constantFrom('', '  ', ' Noah ', 'MSFT_TEST_1'),
  fc.string({ unit: 'binary' }),
);
const optionalText = fc.option(text, { nil: null });

const validDateTime = fc
  .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
  .chain((date) =>
    fc.constantFrom(
      date.toISOString(),
      date.toISOString().replace('.000Z', 'Z'),
      date.toISOString().replace('Z', '+02:00'),
      date.toISOString().replace(/\.\d+Z$/, '.123456789-11:30'),
    ),
  );

// Date-shaped strings, many of them invalid: Feb 29 of non-leap years, hour 24, missing offset...
const nearDateTime = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 61 }),
    fc.constantFrom('Z', 'z', '+01:00', '-23:59', '+24:00', '+05:60', '', '+0100'),
    fc.constantFrom('T', 't', ' '),
  )
  .map(([y, mo, d, h, mi, zone, sep]) => {
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${pad(y, 4)}-${pad(mo)}-${pad(d)}${sep}${pad(h)}:${pad(mi)}:${pad(mi)}${zone}`;
  });

const offer = fc.record(
  { publisherId: optionalText, offerId: optionalText, title: optionalText },
  { requiredKeys: [] },
);
const customer = fc.record(
  {
    firstName: optionalText,
    lastName: optionalText,
    email: optionalText,
    phone: optionalText,
    country: optionalText,
    company: optionalText,
    title: optionalText,
  },
  { requiredKeys: [] },
);

const validDocument = fc.record(
  {
    id: fc.oneof(
      fc.string({ minLength: 1, maxLength: 200 }).filter((s) => /\S/u.test(s)),
      fc.uuid(),
    ),
    occurredAt: validDateTime,
    action: fc.oneof(
      fc.constantFrom('PLT', 'ins', 'Create', 'StartTestDrive', 'DNC', 'Purchase'),
      fc.string({ minLength: 1, maxLength: 100 }).filter((s) => /\S/u.test(s)),
    ),
    source: optionalText,
    offer: fc.option(offer, { nil: null }),
    customer: fc.option(customer, { nil: null }),
    description: optionalText,
    producer: optionalText,
  },
  { requiredKeys: ['id', 'occurredAt', 'action'] },
);

type Json = Record<string, unknown>;
const PATHS = [
  ['id'],
  ['occurredAt'],
  ['action'],
  ['source'],
  ['offer'],
  ['customer'],
  ['description'],
  ['producer'],
  ['offer', 'offerId'],
  ['customer', 'email'],
  ['customer', 'phone'],
  ['extra'],
  ['customer', 'Email'],
] as const;

const setAt = (document: Json, keys: ReadonlyArray<string>, value: unknown, remove: boolean): Json => {
  const [head, ...rest] = keys;
  if (head === undefined) return document;
  const copy: Json = { ...document };
  if (rest.length === 0) {
    if (remove) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  const child = copy[head];
  copy[head] = setAt(
    typeof child === 'object' && child !== null && !Array.isArray(child) ? (child as Json) : {},
    rest,
    value,
    remove,
  );
  return copy;
};

const badValue = fc.oneof(
  fc.jsonValue(),
  nearDateTime,
  fc.constantFrom('', ' ', '\n', 'x'.repeat(201), '😀'.repeat(100), '😀'.repeat(101), null, 0, [], {}, true),
);

const mutatedDocument = fc
  .tuple(
    validDocument,
    fc.array(fc.tuple(fc.constantFrom(...PATHS), badValue, fc.boolean()), { minLength: 1, maxLength: 3 }),
  )
  .map(([document, mutations]) =>
    mutations.reduce<Json>((current, [keys, value, remove]) => setAt(current, keys, value, remove), document),
  );

describe('leadflow.raw-lead.v1 JSON Schema', () => {
  it('is committed exactly as the generator writes it now', () => {
    // Given
    const committed = readFileSync(path.resolve(__dirname, '../..', RAW_LEAD_SCHEMA_FILE), 'utf8');

    // Then (to fix: pnpm exec tsx contracts/scripts/generateSchema.ts)
    expect(committed).toBe(renderRawLeadJsonSchema());
  });

  it('accepts every valid document the codec accepts', () => {
    fc.assert(
      fc.property(validDocument, (document) => {
        expect(codecAccepts(document)).toBe(true);
        expect(validate(document)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('and the codec accept and reject exactly the same mutated documents', () => {
    const outcomes = { accepted: 0, rejected: 0 };
    fc.assert(
      fc.property(mutatedDocument, (document) => {
        const accepted = codecAccepts(document);
        outcomes[accepted ? 'accepted' : 'rejected'] += 1;
        expect(accepted).toBe(validate(document));
      }),
      { numRuns: 2000 },
    );
    // The mutations must exercise both answers, or the agreement proves little.
    expect(outcomes.accepted).toBeGreaterThan(100);
    expect(outcomes.rejected).toBeGreaterThan(100);
  });

  it('and the codec agree on date-time strings', () => {
    fc.assert(
      fc.property(fc.oneof(validDateTime, nearDateTime, fc.string()), (occurredAt) => {
        const document = { id: 'evt-1', action: 'PLT', occurredAt };
        expect(codecAccepts(document)).toBe(validate(document));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['2024-02-29T00:00:00Z', true],
    ['2000-02-29T23:59:59.5+14:00', true],
    ['2023-02-29T00:00:00Z', false],
    ['1900-02-29T00:00:00Z', false],
    ['2026-04-31T00:00:00Z', false],
    ['2026-09-26T24:00:00Z', false],
    ['2026-09-26T18:39:50', false],
    ['2026-09-26', false],
  ])('date-time %s valid: %s', (occurredAt, valid) => {
    const document = { id: 'evt-1', action: 'PLT', occurredAt };
    expect(codecAccepts(document)).toBe(valid);
    expect(validate(document)).toBe(valid);
  });

  it('agree with the codec on the non-object documents', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (document) => {
        expect(codecAccepts(document)).toBe(validate(document));
      }),
    );
  });
});
