import type { NormalisedCustomer, RawCustomerFields } from '@leadflow/contracts';
import * as O from 'fp-ts/Option';
import { normaliseCompany } from './company';
import { normaliseCountry } from './country';
import { normaliseEmail } from './email';
import { joinNames, normaliseName } from './name';
import { normalisePhone } from './phone';

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
