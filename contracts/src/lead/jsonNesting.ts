/** How deep a lead may nest arrays and objects: far beyond any real lead, far below a stack's depth. */
export const MAX_JSON_NESTING = 64;

/**
 * The deepest nesting of arrays and objects in a JSON text, read in one pass without recursion (so
 * a hostile text cannot exhaust the stack), stopping as soon as it passes `stopAbove`. Brackets
 * inside strings do not count; the text need not be valid JSON (the parser says what else is wrong).
 */
export const jsonNestingDepth = (text: string, stopAbove = Number.POSITIVE_INFINITY): number => {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (inString) {
      if (unit === 0x5c)
        i += 1; // a backslash escapes the next unit
      else if (unit === 0x22) inString = false;
    } else if (unit === 0x22) inString = true;
    else if (unit === 0x5b || unit === 0x7b) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (unit === 0x5d || unit === 0x7d) depth = Math.max(0, depth - 1);
  }
  return deepest;
};

/** The field error for a text nested deeper than `limit`, or null. */
export const nestingError = (
  text: string,
  limit = MAX_JSON_NESTING,
): { path: string; message: string } | null =>
  jsonNestingDepth(text, limit) > limit
    ? { path: '', message: `expected arrays and objects nested at most ${limit} levels deep` }
    : null;
