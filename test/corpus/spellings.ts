import { LEGAL_SUFFIXES } from './catalog';
import type { Rng } from './prng';

// Spellings of one name or company that the matching rules must see as the same: case, accents,
// compatibility forms (full-width letters), extra spaces and, for companies, legal suffixes.

const stripMarks = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');

const fullWidth = (text: string): string =>
  text.replace(/[A-Za-z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x21 + 0xff01));

/** The name spellings a lead may use; `first` is the first lead's, which is written as given. */
export const spellName = (rng: Rng, name: string, first: boolean): string => {
  if (first) return name;
  const variant = rng.weighted<string>([
    ['as-is', 4],
    ['upper', 2],
    ['lower', 2],
    ['padded', 1],
    ['no-accents', 2],
    ['full-width', 0.3],
    ['double-space', name.includes(' ') ? 1 : 0],
  ]);
  switch (variant) {
    case 'upper':
      return name.toUpperCase();
    case 'lower':
      return name.toLowerCase();
    case 'padded':
      return ` ${name} `;
    case 'no-accents':
      return stripMarks(name);
    case 'full-width':
      return fullWidth(name);
    case 'double-space':
      return name.replace(/ /g, '  ');
    default:
      return name;
  }
};

/** A company as one lead writes it: optional legal suffix, re-cased, accents or spaces changed. */
export const spellCompany = (rng: Rng, company: string): string => {
  let text = company;
  if (rng.chance(0.6)) {
    const suffix = rng.pick(LEGAL_SUFFIXES);
    text = suffix.startsWith(',') ? `${text}${suffix}` : `${text} ${suffix}`;
  }
  const variant = rng.weighted<string>([
    ['as-is', 5],
    ['upper', 1.5],
    ['lower', 1.5],
    ['no-accents', 1],
    ['double-space', 1],
    ['padded', 0.5],
  ]);
  switch (variant) {
    case 'upper':
      return text.toUpperCase();
    case 'lower':
      return text.toLowerCase();
    case 'no-accents':
      return stripMarks(text);
    case 'double-space':
      return ` ${text.replace(/ /g, '  ')}`;
    case 'padded':
      return ` ${text} `;
    default:
      return text;
  }
};
