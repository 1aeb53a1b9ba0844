import * as O from 'fp-ts/Option';
import { foldText } from './text';

/** SPEC 2 name key: NFKC, case-fold, strip diacritics, collapse spaces; None when nothing is left. */
export const normaliseName = (raw: string | null | undefined): O.Option<string> => {
  if (raw == null) return O.none;
  const folded = foldText(raw);
  return folded === '' ? O.none : O.some(folded);
};

/** The full-name key of rule 3: normalised "first last", None when both parts are empty. */
export const normaliseFullName = (
  firstName: string | null | undefined,
  lastName: string | null | undefined,
): O.Option<string> => normaliseName(`${firstName ?? ''} ${lastName ?? ''}`);
