import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as E from 'fp-ts/Either';
import { decodeLeadText } from './parseJsonBody';

// The committed corpus (test/corpus/data, written by `pnpm corpus:generate`), read from the repo root.
const repoRoot = path.resolve(__dirname, '../../..');
const corpusFile = path.join(repoRoot, 'test/corpus/data/leads.ndjson');

interface Delivery {
  readonly seq: number;
  readonly kind: 'webhook' | 'canonical' | 'bad-json' | 'bad-raw';
  readonly body: unknown;
  readonly expect: {
    readonly status: number;
    readonly action?: string;
    readonly offer?: string;
    readonly test?: boolean;
    readonly unrecognized?: boolean;
    readonly duplicate?: boolean;
  };
}

const deliveries: Delivery[] = readFileSync(corpusFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Delivery);

const bodyText = (delivery: Delivery): string =>
  delivery.kind === 'bad-raw' ? String(delivery.body) : JSON.stringify(delivery.body);

const leadSourceOf = (body: unknown): string | null => {
  const entry = Object.entries(body as Record<string, unknown>).find(
    ([key]) => key.toLowerCase() === 'leadsource',
  );
  return typeof entry?.[1] === 'string' ? entry[1] : null;
};

describe('the corpus deliveries', () => {
  it('are all there, numbered in arrival order', () => {
    expect(deliveries.length).toBeGreaterThan(300);
    expect(deliveries.map((delivery) => delivery.seq)).toEqual(deliveries.map((_, i) => i));
  });

  const good = deliveries.filter((delivery) => delivery.kind === 'webhook' || delivery.kind === 'canonical');
  const bad = deliveries.filter((delivery) => delivery.kind === 'bad-json' || delivery.kind === 'bad-raw');

  it.each(good.map((delivery) => [delivery.seq, delivery] as const))(
    'seq %i decodes as expected',
    (_seq, delivery) => {
      // When
      const result = decodeLeadText(bodyText(delivery));

      // Then
      if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
      const lead = result.right;
      expect(lead.format).toBe(delivery.kind);
      expect(lead.isTest).toBe(delivery.expect.test === true);
      expect(lead.unrecognized).toBe(delivery.expect.unrecognized === true);
      // An unknown action has no known one; an unknown source keeps its known action.
      if (!delivery.expect.duplicate) expect(lead.action.known).toBe(delivery.expect.action ?? null);
      const offerNamed = delivery.kind === 'canonical' || (leadSourceOf(delivery.body) ?? '').includes('|');
      if (delivery.expect.offer !== undefined && offerNamed) {
        expect(`${lead.offer.publisherId}.${lead.offer.offerId}`).toBe(delivery.expect.offer);
      }
      if (!offerNamed) {
        // The bare LeadSource names no offer: only its title is known.
        expect(lead.offer.offerId).toBeNull();
      }
    },
  );

  it.each(bad.map((delivery) => [delivery.seq, delivery] as const))(
    'seq %i is rejected',
    (_seq, delivery) => {
      // When
      const result = decodeLeadText(bodyText(delivery));

      // Then
      if (E.isRight(result)) throw new Error(`accepted: ${JSON.stringify(result.right)}`);
      expect(result.left.errors.length).toBeGreaterThan(0);
      expect(result.left.reason === 'too-large' ? 413 : 400).toBe(delivery.expect.status);
    },
  );
});
