import type { NormalisedCustomer, RawCustomerFields } from '@leadflow/contracts';
import { clearCompanyMemo, companyOrNull } from './company';
import { countryOrNull } from './country';
import { emailOrNull } from './email';
import { clearNameMemo, joinNamesOrNull, nameOrNull } from './name';
import { clearPhoneMemo, phoneOrNull } from './phone';

/** Normalises a lead's customer fields; the country is resolved first as the phone's region. */
export const normaliseCustomer = (raw: RawCustomerFields): NormalisedCustomer => {
  const country = countryOrNull(raw.country);
  const firstName = nameOrNull(raw.firstName);
  const lastName = nameOrNull(raw.lastName);
  return {
    email: emailOrNull(raw.email),
    phone: phoneOrNull(raw.phone, country),
    country,
    firstName,
    lastName,
    fullName: joinNamesOrNull(firstName, lastName),
    company: companyOrNull(raw.company),
  };
};

/** Forgets every memo of the normalisers (phone, name, company): a benchmark's timed run starts cold. */
export const clearNormaliseMemos = (): void => {
  clearPhoneMemo();
  clearNameMemo();
  clearCompanyMemo();
};
