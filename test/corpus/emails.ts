import type { Rng } from './prng';

/** One person's mailbox: every spelling of it must reduce to the same key. */
export type Mailbox = {
  readonly kind: 'work' | 'gmail' | 'outlook';
  readonly local: string;
  readonly domain: string;
};

/** Plain ASCII for an address: accents dropped, ß as ss, anything else not a letter removed. */
export const asciiWord = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

export const mailboxFor = (
  rng: Rng,
  person: { readonly id: number; readonly first: string; readonly last: string; readonly domain: string },
): Mailbox => {
  const first = asciiWord(person.first);
  const last = asciiWord(person.last);
  const kind = rng.weighted<Mailbox['kind']>([
    ['work', 5],
    ['gmail', 3],
    ['outlook', 2],
  ]);
  // The person id in the local part keeps addresses unique across the corpus.
  if (kind === 'gmail') return { kind, local: `${first}${last}${person.id}`, domain: 'gmail.com' };
  if (kind === 'outlook') return { kind, local: `${first}.${last}${person.id}`, domain: 'outlook.com' };
  return { kind, local: `${first}.${last}${person.id}`, domain: person.domain };
};

/** The reference's email key, written from its wording: trim, lower-case, no +tag, gmail without dots. */
export const emailKey = (text: string): string | null => {
  const email = text.trim().toLowerCase();
  const at = email.indexOf('@');
  if (at <= 0 || at !== email.lastIndexOf('@') || /\s/.test(email)) return null;
  let local = email.slice(0, at).replace(/\+.*$/, '');
  let domain = email.slice(at + 1);
  if (domain === 'gmail.com' || domain === 'googlemail.com') {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return local === '' || domain === '' ? null : `${local}@${domain}`;
};

export const mailboxKey = (mailbox: Mailbox): string => `${mailbox.local}@${mailbox.domain}`;

const TAGS = ['mkt', 'azure', 'trial', 'test2', 'leads'];

const mixedCase = (rng: Rng, text: string): string =>
  rng.chance(0.5)
    ? text.toUpperCase()
    : text.replace(/(^|[.@])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());

const withDots = (rng: Rng, local: string): string => {
  const chars = [...local];
  const dots = rng.between(1, 2);
  for (let i = 0; i < dots; i += 1) chars.splice(rng.between(1, chars.length - 1), 0, '.');
  return chars.join('').replace(/\.{2,}/g, '.');
};

/** One way a lead writes the mailbox: as is, re-cased, with a +tag, gmail dots or googlemail, padded. */
export const spellEmail = (rng: Rng, mailbox: Mailbox): string => {
  let local = mailbox.local;
  let domain = mailbox.domain;
  if (mailbox.kind === 'gmail') {
    if (rng.chance(0.5)) local = withDots(rng, local);
    if (rng.chance(0.3)) domain = 'googlemail.com';
  }
  if (rng.chance(0.25)) local = `${local}+${rng.pick(TAGS)}`;
  let text = `${local}@${domain}`;
  if (rng.chance(0.25)) {
    const at = text.indexOf('@');
    text = rng.chance(0.5)
      ? mixedCase(rng, text.slice(0, at)) + text.slice(at)
      : text.slice(0, at + 1) + text.slice(at + 1).toUpperCase();
  }
  if (rng.chance(0.1)) text = `  ${text} `;
  return text;
};
