import * as t from 'io-ts';

const nullableString = t.union([t.string, t.null]);

/** Customer fields after normalisation; null where the lead had no usable value. */
export const NormalisedCustomer = t.type({
  /** Lowercase, `+tag` dropped, gmail dots and domain unified. */
  email: nullableString,
  /** E.164, parsed with the lead's country as default region. */
  phone: nullableString,
  /** ISO 3166-1 alpha-2. */
  country: nullableString,
  firstName: nullableString,
  lastName: nullableString,
  /** Normalised "first last", the name half of match rule 3. */
  fullName: nullableString,
  /** Normalised company without legal suffix, the other half of match rule 3. */
  company: nullableString,
});
export type NormalisedCustomer = t.TypeOf<typeof NormalisedCustomer>;

/** A name + company (+ country) key of match rule 3. */
export const NameKey = t.type({ name: t.string, company: t.string, country: nullableString });
export type NameKey = t.TypeOf<typeof NameKey>;

/** The identity keys a customer is known by: what the match rules compare. */
export const IdentitySummary = t.type({
  emails: t.readonlyArray(t.string),
  phones: t.readonlyArray(t.string),
  names: t.readonlyArray(NameKey),
});
export type IdentitySummary = t.TypeOf<typeof IdentitySummary>;

/** Which match rule linked a lead to a customer (or two customers together). */
export const MatchRule = t.keyof({ email: null, phone: null, 'name-company': null });
export type MatchRule = t.TypeOf<typeof MatchRule>;
