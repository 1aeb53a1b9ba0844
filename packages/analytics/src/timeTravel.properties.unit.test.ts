import { customerView, type ProjectedCustomer } from '@leadflow/projections';
import fc from 'fast-check';
import { documentsAsOf } from './testing/referenceReplay';
import { arbHistory, HISTORY_START, logStore, recordHistory, STEP_MS } from './testing/randomHistory';
import { customerAsOf } from './timeTravel';

const survivorOf = (
  docs: ReadonlyMap<string, ProjectedCustomer>,
  id: string,
): ProjectedCustomer | undefined => {
  let doc = docs.get(id);
  for (let hop = 0; doc !== undefined && doc.state.status === 'merged' && hop < 8; hop += 1)
    doc = docs.get(doc.state.mergedInto!);
  return doc;
};

/** Instants around the history: on a step, a millisecond either side of one, between steps, before and after. */
const arbInstant = (steps: number) =>
  fc
    .tuple(fc.integer({ min: -1, max: steps + 1 }), fc.constantFrom(-1, 0, 1, STEP_MS / 2))
    .map(([step, offset]) => HISTORY_START + step * STEP_MS + offset);

describe('time travel: customerAsOf', () => {
  it('equals, for every customer id and any instant, the log replayed up to that instant', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbHistory({ maxSteps: 16 }).chain((steps) =>
          fc.tuple(fc.constant(steps), fc.array(arbInstant(steps.length), { minLength: 1, maxLength: 4 })),
        ),
        async ([steps, instants]) => {
          // Given a random history recorded as a log
          const log = recordHistory(steps);
          const store = logStore(log);
          const ids = [...new Set(log.map((e) => e.streamName.slice('customer-'.length)))];
          for (const at of instants) {
            const expected = documentsAsOf(log, at);
            for (const id of [...ids, 'no-such-customer']) {
              // When the customer is read as of the instant
              const found = await customerAsOf(store, id, new Date(at));
              // Then it is the reference's survivor of that id then, in the live view's shape (404 before its first lead)
              const doc = survivorOf(expected, id);
              if (doc === undefined || doc.state.status === 'empty') {
                expect(found).toBeNull();
                continue;
              }
              expect(found?.id).toBe(doc.customerId);
              expect(found?.resolvedFrom).toBe(doc.customerId === id ? null : id);
              expect(found?.view).toEqual(customerView(doc));
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('resolves a merged id to its survivor only once the merge was recorded', async () => {
    // Given person 0 (email) and person 1 (phone), then a lead carrying both: a merge at step 2
    const log = recordHistory([
      { type: 'lead', person: 0, withEmail: true, phoneOf: null, action: 'PLT', isTest: false },
      { type: 'lead', person: 1, withEmail: false, phoneOf: 1, action: 'INS', isTest: false },
      { type: 'lead', person: 0, withEmail: true, phoneOf: 1, action: 'StartTestDrive', isTest: false },
    ]);
    const merged = log.find((e) => e.type === 'CustomerMergedInto')!;
    const absorbedId = merged.streamName.slice('customer-'.length);
    const survivorId = (merged.data as { survivorId: string }).survivorId;
    const store = logStore(log);
    // Before the merge the absorbed id answers as itself, after it as the survivor with both customers' leads
    const before = await customerAsOf(store, absorbedId, new Date(HISTORY_START + STEP_MS * 1.5));
    const after = await customerAsOf(store, absorbedId, new Date(HISTORY_START + STEP_MS * 2));
    expect(before).toMatchObject({
      id: absorbedId,
      resolvedFrom: null,
      view: { stage: 'active', leadCount: 1 },
    });
    expect(after).toMatchObject({
      id: survivorId,
      resolvedFrom: absorbedId,
      view: { stage: 'active', leadCount: 3 },
    });
    expect(after?.view.aliases).toEqual([absorbedId]);
    expect(await customerAsOf(store, survivorId, new Date(HISTORY_START - 1))).toBeNull();
  });
});
