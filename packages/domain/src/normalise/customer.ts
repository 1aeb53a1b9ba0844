import type { NormalisedCustomer, RawCustomerFields } from '@leadflow/contracts';
import * as O from 'fp-ts/Option';
import { clearCompanyMemo, normaliseCompany } from './company';
import { normaliseCountry } from './country';
import { normaliseEmail } from './email';
import { clearNameMemo, joinNames, normaliseName } from './name';
import { clearPhoneMemo, normalisePhone } from './phone';

/** Normalises a lead's customer fields (SPEC 2); the country is resolved first as the phone's region. */
export const normaliseCustomer = (raw: RawCustomerFields): NormalisedCustomer => {
  const country = O.toNullable(normaliseCountry(raw.country));
  const firstName = normaliseName(raw.firstName);
  const lastName = normaliseName(raw.lastName);
  return {
    email: O.toNullable(normaliseEmail(raw.email)),
    phone: O.toNullable(normalisePhone(raw.phone, country)),
    country,
    firstName: O.toNullable(firstName),
    lastName: O.toNullable(lastName),
    fullName: O.toNullable(joinNames(firstName, lastName)),
    company: O.toNullable(normaliseCompany(raw.company)),
  };
};

/** Forgets every memo of the normalisers (phone, name, company): a benchmark's timed run starts cold. */
export const clearNormaliseMemos = (): void => {
  clearPhoneMemo();
  clearNameMemo();
  clearCompanyMemo();
};
