import type { KnownAction, KnownSource } from './incomingLead';

/** An offer reference `publisherid.offerid`, split at the first dot. */
export interface OfferId {
  readonly publisherId: string | null;
  readonly offerId: string | null;
}

/** What a webhook `LeadSource` value says: bare (`AzureMarketplace`) or CRM form (`Source-Action | publisher.offer`). */
export interface LeadSourceParts {
  readonly form: 'bare' | 'crm';
  readonly source: string | null;
  readonly action: string | null;
  /** Null in the bare form, which names no offer. */
  readonly offer: OfferId | null;
}

const SOURCES: Readonly<Record<string, KnownSource>> = {
  azuremarketplace: 'AzureMarketplace',
  azureportal: 'AzurePortal',
  'appsource(spza)': 'AppSource',
  appsource: 'AppSource',
  spza: 'AppSource',
  testdrive: 'TestDrive',
};

const ACTIONS: Readonly<Record<string, KnownAction>> = {
  plt: 'PLT',
  ins: 'INS',
  create: 'Create',
  starttestdrive: 'StartTestDrive',
  dnc: 'DNC',
};

const sourceByFolding = (raw: string): KnownSource | null =>
  SOURCES[raw.toLowerCase().replace(/\s+/g, '')] ?? null;

const actionByFolding = (raw: string): KnownAction | null => ACTIONS[raw.trim().toLowerCase()] ?? null;

/** The answers for the documented spellings, which most leads use, computed once by the same folding. */
const answersFor = <A>(
  spellings: ReadonlyArray<string>,
  answer: (raw: string) => A,
): ReadonlyMap<string, A> => new Map(spellings.map((spelling) => [spelling, answer(spelling)] as const));
const SOURCE_SPELLINGS = answersFor(
  ['AzureMarketplace', 'AzurePortal', 'AppSource (SPZA)', 'AppSource', 'SPZA', 'TestDrive'],
  sourceByFolding,
);
const ACTION_SPELLINGS = answersFor(['PLT', 'INS', 'Create', 'StartTestDrive', 'DNC'], actionByFolding);

/** The known source a raw value names (case and spaces ignored: `appsource (spza)` -> `AppSource`), else null. */
export const knownSourceOf = (raw: string): KnownSource | null =>
  SOURCE_SPELLINGS.get(raw) ?? sourceByFolding(raw);

/** The known action in canonical spelling (`starttestdrive` -> `StartTestDrive`), else null. */
export const knownActionOf = (raw: string): KnownAction | null =>
  ACTION_SPELLINGS.get(raw) ?? actionByFolding(raw);

const nonBlank = (value: string): string | null => {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
};

/** Splits `publisherid.offerid` at the first dot; without a dot the whole value is the offer id. */
export const parseOfferId = (raw: string): OfferId => {
  const dot = raw.indexOf('.');
  if (dot < 0) return { publisherId: null, offerId: nonBlank(raw) };
  return { publisherId: nonBlank(raw.slice(0, dot)), offerId: nonBlank(raw.slice(dot + 1)) };
};

// `AppSource (SPZA)-PLT`: the action follows the last dash, since only the source may hold one.
const splitSourceAction = (raw: string): { source: string | null; action: string | null } => {
  const dash = raw.lastIndexOf('-');
  if (dash < 0) return { source: nonBlank(raw), action: null };
  return { source: nonBlank(raw.slice(0, dash)), action: nonBlank(raw.slice(dash + 1)) };
};

/**
 * Parses a webhook `LeadSource`: `Source-Action | publisher.offer` (spaces around `|` optional) or a
 * bare source. A value without `|` that reads as a known source and known action is the CRM form without offer.
 */
export const parseLeadSource = (raw: string): LeadSourceParts => {
  const pipe = raw.indexOf('|');
  if (pipe >= 0) {
    const offer = nonBlank(raw.slice(pipe + 1));
    const { source, action } = splitSourceAction(raw.slice(0, pipe));
    return { form: 'crm', source, action, offer: offer === null ? null : parseOfferId(offer) };
  }
  const bare = nonBlank(raw);
  if (bare !== null && knownSourceOf(bare) === null) {
    const split = splitSourceAction(bare);
    if (
      split.source !== null &&
      split.action !== null &&
      knownSourceOf(split.source) &&
      knownActionOf(split.action)
    ) {
      return { form: 'crm', source: split.source, action: split.action, offer: null };
    }
  }
  return { form: 'bare', source: bare, action: null, offer: null };
};

/** Prints the CRM form `Source-Action | publisher.offer` (the bare form prints the source alone). */
export const printLeadSource = (parts: LeadSourceParts, separator = ' | '): string => {
  if (parts.form === 'bare') return parts.source ?? '';
  const head = `${parts.source ?? ''}-${parts.action ?? ''}`;
  if (parts.offer === null) return head;
  const offer = [parts.offer.publisherId, parts.offer.offerId].filter((part) => part !== null).join('.');
  return `${head}${separator}${offer}`;
};
