import * as O from 'fp-ts/Option';
import { boundedMemo } from './boundedMemo';
import { foldText } from './text';

// First and last names recur from lead to lead: remember each spelling's fold (at most about 4 MB).
const nameMemo = boundedMemo(20_000, 100, foldText);

/** Forgets the memoised name folds (a benchmark's timed run starts cold). */
export const clearNameMemo = (): void => nameMemo.clear();

/** `normaliseName` as a nullable value (the hot path's form: no Option allocated). */
export const nameOrNull = (raw: string | null | undefined): string | null => {
  if (raw == null) return null;
  const folded = nameMemo.get(raw);
  return folded === '' ? null : folded;
};

/** The name key: NFKC, case-fold, strip diacritics, collapse spaces; None when nothing is left. */
export const normaliseName = (raw: string | null | undefined): O.Option<string> =>
  O.fromNullable(nameOrNull(raw));

/** `joinNames` over nullable values (the hot path's form): both parts, else the one there is. */
export const joinNamesOrNull = (firstName: string | null, lastName: string | null): string | null =>
  firstName === null ? lastName : lastName === null ? firstName : `${firstName} ${lastName}`;

/** Joins already normalised first and last names into the full-name key; None when both are None. */
export const joinNames = (firstName: O.Option<string>, lastName: O.Option<string>): O.Option<string> =>
  O.fromNullable(joinNamesOrNull(O.toNullable(firstName), O.toNullable(lastName)));

/** The full-name key of rule 3: normalised "first last", None when both parts are empty. */
export const normaliseFullName = (
  firstName: string | null | undefined,
  lastName: string | null | undefined,
): O.Option<string> => joinNames(normaliseName(firstName), normaliseName(lastName));
