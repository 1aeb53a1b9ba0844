import * as O from 'fp-ts/Option';

const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * The email key: trim, lowercase, drop a `+tag`; gmail/googlemail dots dropped and domains unified.
 * None when the value is not an email (no `@`, more than one `@`, spaces, empty parts).
 */
export const normaliseEmail = (raw: string | null | undefined): O.Option<string> =>
  O.fromNullable(emailOrNull(raw));

/** `normaliseEmail` as a nullable value (the hot path's form: no Option allocated). */
export const emailOrNull = (raw: string | null | undefined): string | null => {
  if (raw == null) return null;
  const email = raw.trim().toLowerCase();
  const at = email.indexOf('@');
  if (at <= 0 || at !== email.lastIndexOf('@') || /\s/.test(email)) return null;
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  if (domain === '' || domain.startsWith('.') || domain.endsWith('.')) return null;
  const plus = local.indexOf('+');
  if (plus >= 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return local === '' ? null : `${local}@${domain}`;
};
