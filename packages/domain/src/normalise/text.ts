const COMBINING_MARKS = /\p{M}+/gu;
const SPACES = /\s+/gu;

/** One pass of the SPEC 2 text key: NFKC, case-fold, strip diacritics, collapse spaces. */
const foldOnce = (raw: string): string =>
  raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .normalize('NFKC')
    .replace(SPACES, ' ')
    .trim();

/**
 * Folds text for comparison (names, companies, countries). Applied until stable, so that
 * folding twice is folding once even for characters whose case mapping yields new marks.
 */
export const foldText = (raw: string): string => {
  let current = raw;
  for (let i = 0; i < 4; i += 1) {
    const next = foldOnce(current);
    if (next === current) return next;
    current = next;
  }
  return current;
};
