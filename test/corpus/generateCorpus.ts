import { BREAKAGES, breakBody } from './breakage';
import { createPersons } from './people';
import { interleave, planLeads, type LeadPlan } from './plans';
import { createRng } from './prng';
import { redeliver, type RedeliveryKind } from './redeliveries';
import { createRenderState, renderLead, type Pending } from './render';
import { truthOf } from './truth';
import type { Corpus, CorpusDelivery, PersonTruth } from './types';

export type CorpusOptions = { readonly seed: number; readonly persons: number };

/** The committed corpus: sized for CI (about 350 deliveries). */
export const DEFAULT_CORPUS_OPTIONS: CorpusOptions = { seed: 20260926, persons: 130 };

const REDELIVERY_KINDS: ReadonlyArray<RedeliveryKind> = ['content', 'idempotency-key', 'canonical-id'];

/** Positions a later item after `index` by `offset`, keeping the original stream order otherwise. */
type Placed = { readonly item: Pending; readonly at: number; readonly order: number };

/**
 * Generates the deliveries and their truth. Deterministic: the same options give the same corpus
 * on every machine (one seeded random source, no clock, no environment).
 */
export const generateCorpus = (options: CorpusOptions = DEFAULT_CORPUS_OPTIONS): Corpus => {
  const rng = createRng(options.seed);
  const persons = createPersons(rng, options.persons);
  const plans = interleave(
    rng,
    persons.map((person) => planLeads(rng, person)),
  );
  const state = createRenderState(rng, options.seed);
  const accepted = plans.map((plan) => renderLead(state, plan));

  // Redeliveries: each kind in turn, plus one of an anonymous lead and one of a test lead.
  const placed: Placed[] = accepted.map((item, i) => ({ item, at: i, order: 0 }));
  const originals = new Map<Pending, number>(accepted.map((item, i) => [item, i]));
  const redeliveries = Math.max(9, Math.round(accepted.length * 0.07));
  const candidates = rng.shuffle(
    accepted.filter((d) => d.expect.anonymous !== true && d.expect.test !== true),
  );
  const used = new Set<Pending>();
  const take = (kind: RedeliveryKind, extra?: (d: Pending) => boolean): Pending | undefined =>
    candidates.find(
      (d) =>
        !used.has(d) &&
        (kind === 'canonical-id' ? d.kind === 'canonical' : d.kind === 'webhook') &&
        (kind !== 'content' || d.headers['Idempotency-Key'] === undefined) &&
        (extra === undefined || extra(d)),
    );
  const planned: Array<[Pending, RedeliveryKind]> = [];
  for (let i = 0; i < redeliveries; i += 1) {
    const kind = REDELIVERY_KINDS[i % REDELIVERY_KINDS.length]!;
    const original = take(kind);
    if (original === undefined) continue;
    used.add(original);
    planned.push([original, kind]);
  }
  const anonymous = accepted.find((d) => d.expect.anonymous === true);
  const testLead = accepted.find((d) => d.expect.test === true && d.kind === 'webhook');
  if (anonymous !== undefined) planned.push([anonymous, 'idempotency-key']);
  if (testLead !== undefined) planned.push([testLead, 'content']);
  const dupOf = new Map<Pending, Pending>();
  planned.forEach(([original, kind], j) => {
    const copy = redeliver(state, original, kind);
    dupOf.set(copy, original);
    placed.push({ item: copy, at: originals.get(original)! + rng.between(1, 6), order: 1 + j });
  });

  // Broken bodies: every kind once per 130 persons (at least once), anywhere in the stream.
  const rounds = Math.max(1, Math.round(options.persons / 130));
  let n = 0;
  for (let round = 0; round < rounds; round += 1) {
    for (const breakage of BREAKAGES) {
      n += 1;
      placed.push({ item: breakBody(rng, breakage, n), at: rng.int(accepted.length + 1), order: 1000 + n });
    }
  }

  const stream = placed.sort((a, b) => a.at - b.at || a.order - b.order).map((p) => p.item);
  const seqOf = new Map<Pending, number>(stream.map((item, seq) => [item, seq]));
  const deliveries: CorpusDelivery[] = stream.map((item, seq) => {
    const original = dupOf.get(item);
    const expect = original === undefined ? item.expect : { ...item.expect, dupOf: seqOf.get(original)! };
    return { seq, kind: item.kind, body: item.body, headers: item.headers, expect };
  });

  const leadsOf = new Map<number, LeadPlan[]>();
  for (const item of stream) {
    if (item.plan === undefined) continue;
    const list = leadsOf.get(item.plan.person.id) ?? [];
    list.push(item.plan);
    leadsOf.set(item.plan.person.id, list);
  }
  const truth: Record<string, PersonTruth> = {};
  for (const person of persons) truth[String(person.id)] = truthOf(person, leadsOf.get(person.id) ?? []);
  return { deliveries, truth };
};

/** The files of a corpus: one delivery a line, and the truth as indented JSON. */
export const corpusFiles = (corpus: Corpus): { 'leads.ndjson': string; 'truth.json': string } => ({
  'leads.ndjson': corpus.deliveries.map((d) => JSON.stringify(d)).join('\n') + '\n',
  'truth.json': `${JSON.stringify(corpus.truth, null, 1)}\n`,
});
