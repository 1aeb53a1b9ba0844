import { contentHash, decodeLeadText, DEFAULT_MAX_LEAD_BYTES } from '@leadflow/contracts';
import * as E from 'fp-ts/Either';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isAnonymousCustomer, isTestCustomer, openTasks, type CustomerState } from './customer/state';
import { defaultFollowUpConfig } from './followup/config';
import { dedupKeyOf } from './intake/dedupKey';
import { acceptLead, customerState, emptyLeadFlow, type LeadFlow } from './intake/leadFlow';

// The committed corpus (test/corpus/data, written by `pnpm corpus:generate`), read from the repo root.
const repoRoot = path.resolve(__dirname, '../../..');
const corpusDir = path.join(repoRoot, 'test', 'corpus', 'data');

type Delivery = {
  seq: number;
  kind: 'webhook' | 'canonical' | 'bad-json' | 'bad-raw';
  body: unknown;
  headers: Record<string, string>;
  expect: {
    status: number;
    person?: number;
    duplicate?: boolean;
    dupOf?: number;
    anonymous?: boolean;
    test?: boolean;
    unrecognized?: boolean;
  };
};
type PersonTruth = {
  scenario: string;
  stage: string | null;
  openFirstContact: number;
  openTrialCheckIn: number;
  contactable: boolean;
  merges: number;
};

const deliveries: Delivery[] = readFileSync(path.join(corpusDir, 'leads.ndjson'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Delivery);
const truth = JSON.parse(readFileSync(path.join(corpusDir, 'truth.json'), 'utf8')) as Record<
  string,
  PersonTruth
>;

const header = (headers: Record<string, string>, name: string): string | null =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? null;

// A synthetic clock: one delivery a minute from a fixed start, so no task falls due during the replay.
const receivedAtOf = (seq: number): string =>
  new Date(Date.UTC(2026, 8, 26, 9, 0) + seq * 60_000).toISOString();

type Answer = { seq: number; status: number; leadId?: string; customerId?: string; duplicate?: boolean };

const keyOf = (record: Record<string, unknown>, name: string): string | undefined =>
  Object.keys(record).find((k) => k.toLowerCase() === name);

/** Drops the company of webhook leads with a phone but no email: rule 3 cannot link them, a later lead must merge. */
const withoutCompanyUnlessEmail = (d: Delivery): Delivery => {
  if (d.kind !== 'webhook' || typeof d.body !== 'object' || d.body === null) return d;
  const body = d.body as Record<string, unknown>;
  const key = keyOf(body, 'userdetails');
  const user = key === undefined ? undefined : (body[key] as Record<string, unknown>);
  if (key === undefined || typeof user !== 'object' || user === null) return d;
  const field = (name: string) => {
    const k = keyOf(user, name);
    const value = k === undefined ? undefined : user[k];
    return typeof value === 'string' ? value.trim() : '';
  };
  const companyKey = keyOf(user, 'company');
  if (field('email') !== '' || field('phone') === '' || companyKey === undefined) return d;
  const { [companyKey]: _company, ...rest } = user;
  return { ...d, body: { ...body, [key]: rest } };
};

const truthMerges = Object.values(truth).reduce((sum, t) => sum + t.merges, 0);
// A name-then-phone person's phone-only lead is linked by name and company only: without the company
// it starts a customer of its own, which the person's next lead (email and phone) merges.
const forcedMerges = Object.values(truth).filter((t) => t.scenario === 'name-then-phone').length;

const replay = (
  transform: (d: Delivery) => Delivery,
): { flow: LeadFlow; answers: Answer[]; merges: number } => {
  let flow = emptyLeadFlow(defaultFollowUpConfig);
  const answers: Answer[] = [];
  let merges = 0;
  for (const d of deliveries.map(transform)) {
    const text = typeof d.body === 'string' && d.kind === 'bad-raw' ? d.body : JSON.stringify(d.body);
    const decoded = decodeLeadText(text, DEFAULT_MAX_LEAD_BYTES);
    if (E.isLeft(decoded)) {
      answers.push({ seq: d.seq, status: decoded.left.reason === 'too-large' ? 413 : 400 });
      continue;
    }
    const idempotencyKey = header(d.headers, 'Idempotency-Key');
    const hash = contentHash(d.body);
    const leadId = `lead-${String(d.seq).padStart(4, '0')}`;
    const result = acceptLead(
      flow,
      { leadId, receivedAt: receivedAtOf(d.seq), lead: decoded.right, contentHash: hash, idempotencyKey },
      dedupKeyOf(idempotencyKey, decoded.right, hash),
      { correlationId: leadId, causationId: leadId },
    );
    if (E.isLeft(result)) throw new Error(`seq ${d.seq}: ${JSON.stringify(result.left)}`);
    flow = result.right.flow;
    merges += result.right.appends.filter((a) =>
      a.events.some((e) => e.type === 'CustomerMergedInto'),
    ).length;
    answers.push({ seq: d.seq, status: 202, ...result.right.accepted });
  }
  return { flow, answers, merges };
};

describe.each([
  ['as delivered', (d: Delivery) => d, truthMerges],
  [
    'with companies dropped from email-less leads (forces merges)',
    withoutCompanyUnlessEmail,
    truthMerges + forcedMerges,
  ],
])(
  'corpus replay %s (test/corpus/data/leads.ndjson against truth.json)',
  (_name, transform, expectedMerges) => {
    const { flow, answers, merges } = replay(transform);
    const accepted = answers.filter((a) => a.customerId !== undefined);
    const bySeq = new Map(answers.map((a) => [a.seq, a]));
    const personOf = new Map(deliveries.map((d) => [d.seq, d.expect.person]));
    const finalCustomer = (a: Answer): string => customerState(flow, a.customerId ?? '').customerId;
    const customersOfPerson = (person: string): CustomerState[] => {
      const ids = new Set(accepted.filter((a) => String(personOf.get(a.seq)) === person).map(finalCustomer));
      return [...ids].map((id) => customerState(flow, id));
    };

    it('answers every delivery with the expected status class', () => {
      const wrong = deliveries.filter((d) => {
        const status = bySeq.get(d.seq)?.status ?? 0;
        return d.expect.status === 2 ? status < 200 || status > 299 : status !== d.expect.status;
      });
      expect(
        wrong.map((d) => `${d.seq}: expected ${d.expect.status}, got ${bySeq.get(d.seq)?.status}`),
      ).toEqual([]);
    });

    it('flags exactly the redeliveries as duplicates of their original', () => {
      const wrong = deliveries
        .filter((d) => d.expect.status === 2)
        .filter((d) => {
          const answer = bySeq.get(d.seq);
          if (answer?.duplicate !== (d.expect.duplicate ?? false)) return true;
          return d.expect.dupOf !== undefined && answer.leadId !== bySeq.get(d.expect.dupOf)?.leadId;
        });
      expect(
        wrong.map((d) => `${d.seq} (dupOf ${d.expect.dupOf}) -> ${JSON.stringify(bySeq.get(d.seq))}`),
      ).toEqual([]);
    });

    it('puts every person in exactly one customer and no two persons together (pairwise precision and recall 1.0)', () => {
      const leads = accepted.filter((a) => !a.duplicate).map((a) => ({ ...a, customerId: finalCustomer(a) }));
      let truePairs = 0;
      let predicted = 0;
      let actual = 0;
      const mistakes: string[] = [];
      for (let i = 0; i < leads.length; i += 1) {
        for (let j = i + 1; j < leads.length; j += 1) {
          const a = leads[i] as Answer;
          const b = leads[j] as Answer;
          const samePerson = personOf.get(a.seq) === personOf.get(b.seq);
          const sameCustomer = a.customerId === b.customerId;
          if (samePerson) actual += 1;
          if (sameCustomer) predicted += 1;
          if (samePerson && sameCustomer) truePairs += 1;
          if (samePerson !== sameCustomer && mistakes.length < 20) {
            mistakes.push(
              `${a.seq}/${b.seq} persons ${personOf.get(a.seq)}/${personOf.get(b.seq)} same customer: ${sameCustomer}`,
            );
          }
        }
      }
      expect(mistakes).toEqual([]);
      expect({ precision: truePairs / predicted, recall: truePairs / actual }).toEqual({
        precision: 1,
        recall: 1,
      });
    });

    it('merges customers when a later lead links them', () => {
      const survivors = Object.keys(truth)
        .flatMap((p) => customersOfPerson(p))
        .filter((s) => s.aliases.length > 0);
      expect(merges).toBe(expectedMerges);
      expect(merges).toBeGreaterThan(0);
      if (process.env['CORPUS_VERBOSE']) console.log(`${_name}: ${merges} merges`);
      expect(survivors.length).toBe(merges);
    });

    it('shows every person at the expected stage with the expected open tasks', () => {
      const rows = Object.keys(truth).map((person) => {
        const [customer, ...extra] = customersOfPerson(person);
        const open = customer === undefined ? [] : openTasks(customer);
        return {
          person,
          customers: 1 + extra.length,
          stage: customer?.stage ?? null,
          openFirstContact: open.filter((task) => task.kind === 'first-contact').length,
          openTrialCheckIn: open.filter((task) => task.kind === 'trial-check-in').length,
        };
      });
      const expected = Object.entries(truth).map(([person, t]) => ({
        person,
        customers: 1,
        stage: t.stage,
        openFirstContact: t.openFirstContact,
        openTrialCheckIn: t.openTrialCheckIn,
      }));
      const differences = rows.flatMap((row, i) => {
        const want = expected[i];
        return JSON.stringify(row) === JSON.stringify(want) ? [] : [{ got: row, want }];
      });
      expect(differences).toEqual([]);
    });

    it('flags test, anonymous and unrecognized customers', () => {
      const flagged = (flag: 'test' | 'anonymous' | 'unrecognized') =>
        deliveries.filter((d) => d.expect[flag] === true).map((d) => bySeq.get(d.seq) as Answer);
      expect(flagged('test').every((a) => isTestCustomer(customerState(flow, a.customerId ?? '')))).toBe(
        true,
      );
      expect(
        flagged('anonymous').every((a) => isAnonymousCustomer(customerState(flow, a.customerId ?? ''))),
      ).toBe(true);
      expect(
        flagged('unrecognized').every(
          (a) => customerState(flow, a.customerId ?? '').unrecognizedLeadCount > 0,
        ),
      ).toBe(true);
    });
  },
);
