const COMBINING_MARKS = /\p{M}+/gu;
const SPACES = /\s+/gu;
const PLAIN_ASCII = /^[\x20-\x7e]*$/;
const ASCII_SPACES = / +/g;

/** One pass of the text key: NFKC, case-fold, strip diacritics, collapse spaces. */
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
  // Printable ASCII is already NFKC and mark-free: lowercasing and collapsing spaces is the whole fold.
  if (PLAIN_ASCII.test(raw)) return raw.toLowerCase().replace(ASCII_SPACES, ' ').trim();
  let current = foldOnce(raw);
  // Most folded names are plain ASCII by now, which a further pass cannot change.
  for (let i = 0; i < 3 && !PLAIN_ASCII.test(current); i += 1) {
    const next = foldOnce(current);
    if (next === current) return next;
    current = next;
  }
  return current;
};
