const PLAIN_ASCII = /^[\x20-\x7e]*$/;

const isAsciiLetterOrDigit = (code: number): boolean =>
  (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);

/**
 * The same for printable ASCII in one pass: there every character other than a letter, a digit or
 * a space is punctuation or a symbol, so the words are the runs of letters and digits (dots removed).
 */
const stripAsciiPunctuation = (s: string): string => {
  let out = '';
  let separated = false;
  for (let i = 0; i < s.length; i += 1) {
    const code = s.charCodeAt(i);
    if (code === 0x2e) continue;
    if (!isAsciiLetterOrDigit(code)) {
      separated = true;
      continue;
    }
    if (separated && out !== '') out += ' ';
    separated = false;
    out += s[i];
  }
  return out;
};

/**
 * Dots vanish (`B.V.` -> `BV`); other punctuation and symbols separate words (`fabrikam, Inc.`);
 * spaces collapse to one and the ends are trimmed.
 */
export const stripPunctuation = (s: string): string =>
  PLAIN_ASCII.test(s)
    ? stripAsciiPunctuation(s)
    : s
        .replace(/\./g, '')
        .replace(/[\p{P}\p{S}]+/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim();
