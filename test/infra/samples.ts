import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CorpusDelivery, PersonTruth } from '../corpus/types';
import { repoRoot } from './paths';

/** Where the committed corpus lives (regenerate with `pnpm corpus:generate`). */
export const corpusDir = path.join(repoRoot, 'test/corpus/data');

/** One delivery of the corpus (test/corpus/data/leads.ndjson), with what a correct engine answers. */
export type SampleDelivery = CorpusDelivery;

/** Per person: the funnel stage and open task counts after every delivery. */
export type SampleTruth = PersonTruth;

/** The corpus deliveries in arrival order. */
export const loadSampleDeliveries = (): SampleDelivery[] =>
  readFileSync(path.join(corpusDir, 'leads.ndjson'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SampleDelivery);

/** truth.json: person id -> expected outcome. */
export const loadSampleTruth = (): Record<string, SampleTruth> =>
  JSON.parse(readFileSync(path.join(corpusDir, 'truth.json'), 'utf8')) as Record<string, SampleTruth>;

/** The text to POST for a delivery: bad-raw bodies are raw text, everything else is JSON. */
export const deliveryText = (delivery: SampleDelivery): string =>
  delivery.kind === 'bad-raw' ? String(delivery.body) : JSON.stringify(delivery.body);

/**
 * Pairwise precision and recall of a clustering against the true persons: over all pairs of
 * accepted leads, precision = same-customer pairs that are same-person / same-customer pairs,
 * recall = same-person pairs that are same-customer / same-person pairs.
 */
export const pairwiseScores = (assignments: ReadonlyArray<{ person: number; customer: string }>) => {
  let truePairs = 0;
  let predictedPairs = 0;
  let both = 0;
  for (let i = 0; i < assignments.length; i += 1) {
    for (let j = i + 1; j < assignments.length; j += 1) {
      const a = assignments[i]!;
      const b = assignments[j]!;
      const samePerson = a.person === b.person;
      const sameCustomer = a.customer === b.customer;
      if (samePerson) truePairs += 1;
      if (sameCustomer) predictedPairs += 1;
      if (samePerson && sameCustomer) both += 1;
    }
  }
  return {
    precision: predictedPairs === 0 ? 1 : both / predictedPairs,
    recall: truePairs === 0 ? 1 : both / truePairs,
  };
};
