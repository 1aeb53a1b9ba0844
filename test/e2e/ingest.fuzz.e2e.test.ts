import { decodeLead } from '@leadflow/contracts';
import fc from 'fast-check';
import { isRight } from 'fp-ts/Either';
import { loadSampleDeliveries } from '../infra';
import { startIngestHarness, type IngestHarness } from './ingestHarness';

const PAYLOADS = Number(process.env.FUZZ_PAYLOADS ?? 20_000);
const CONCURRENCY = 8;

type Json = unknown;
const samples = loadSampleDeliveries()
  .filter((d) => d.kind === 'webhook' || d.kind === 'canonical')
  .map((d) => d.body as Json);

const randomCase = (key: string, flips: number) =>
  [...key].map((ch, i) => ((flips >> (i % 30)) & 1 ? ch.toUpperCase() : ch.toLowerCase())).join('');

/** One mutation of a JSON value at a random depth: drop, recase or replace a key, or swap a value. */
const mutate = (value: Json, replacement: Json, choice: number, depth = 0): Json => {
  if (typeof value !== 'object' || value === null) return replacement;
  if (Array.isArray(value))
    return value.length === 0
      ? [replacement]
      : value.map((v, i) =>
          i === choice % value.length ? mutate(v, replacement, choice >> 2, depth + 1) : v,
        );
  const entries = Object.entries(value as Record<string, Json>);
  if (entries.length === 0) return { x: replacement };
  const target = choice % entries.length;
  const op = (choice >> 4) % 5;
  return Object.fromEntries(
    entries.flatMap(([k, v], i) => {
      if (i !== target) return [[k, v]];
      if (op === 0) return [];
      if (op === 1) return [[randomCase(k, choice), v]];
      if (op === 2) return [[k, replacement]];
      if (op === 3 && depth < 3) return [[k, mutate(v, replacement, choice >> 3, depth + 1)]];
      return [
        [k, v],
        [`${k}_extra`, replacement],
      ];
    }),
  );
};

const nasty = fc.oneof(
  fc.constantFrom(
    '\u0000',
    '\ud800',
    'MSFT_TEST_123',
    '',
    '   ',
    'x'.repeat(70_000),
    '💥'.repeat(50),
    '<script>',
    '∞',
    '-1',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const payload = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...samples), fc.oneof(fc.jsonValue({ maxDepth: 2 }), nasty), fc.nat())
      .map(([s, r, c]) => JSON.stringify(mutate(s, r, c))),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom(...samples).map((s) => JSON.stringify(s).slice(0, 40)) },
);
const headers = fc.option(fc.string({ unit: 'grapheme-ascii', minLength: 0, maxLength: 300 }), { freq: 5 });

// Random and mutated payloads against the running server: it answers, and stores only valid leads.
describe('ingestion fuzz', () => {
  let harness: IngestHarness;
  beforeAll(async () => (harness = await startIngestHarness('fuzz', { LOG_LEVEL: 'error' })));
  afterAll(() => harness?.stop());

  it(
    `answers ${PAYLOADS} random and mutated payloads with 2xx or 4xx JSON, and accepts nothing the codec rejects`,
    async () => {
      const cases = fc.sample(fc.tuple(payload, headers), { numRuns: PAYLOADS, seed: 20261128 });
      const failures: string[] = [];
      let accepted = 0;
      let next = 0;
      const worker = async () => {
        while (next < cases.length && failures.length < 20) {
          const [text, key] = cases[next++]!;
          const response = await fetch(`${harness.service.url}/v1/leads`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(key === null ? {} : { 'idempotency-key': key }),
            },
            body: text,
          });
          const body = await response.text();
          const json = (() => {
            try {
              return { ok: true as const, value: JSON.parse(body) as unknown };
            } catch {
              return { ok: false as const };
            }
          })();
          if (
            response.status >= 500 ||
            response.status < 200 ||
            (response.status >= 300 && response.status < 400)
          ) {
            failures.push(`${response.status} for ${text.slice(0, 200)}: ${body.slice(0, 300)}`);
          } else if (!json.ok) {
            failures.push(`non-JSON answer ${response.status} for ${text.slice(0, 200)}`);
          } else if (response.status < 300) {
            accepted += 1;
            const decoded = (() => {
              try {
                return decodeLead(JSON.parse(text));
              } catch {
                return null;
              }
            })();
            if (decoded === null || !isRight(decoded))
              failures.push(`accepted what the codec rejects: ${text.slice(0, 300)}`);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      expect(failures).toEqual([]);
      // The corpus mutations keep many payloads valid: the fuzz must exercise the write path too
      expect(accepted).toBeGreaterThan(PAYLOADS / 20);
      expect((await fetch(`${harness.service.url}/readyz`)).status).toBe(200);
      expect(harness.service.child.exitCode).toBeNull();
    },
    20 * 60_000,
  );
});
