import { deliveryText, loadSampleDeliveries, pairwiseScores, type SampleDelivery } from '../infra';
import { startIngestHarness, type IngestHarness } from './ingestHarness';

type Answer = { status: number; leadId?: string; duplicate?: boolean };

// The corpus through POST /v1/leads:batch gives what it gives through POST /v1/leads one by one: the
// batch writes a person's leads in order and everyone else's together, and that must not show.
// Batch items carry no headers, so both runs go without them; NDJSON cannot carry the one delivery
// spread over several lines, so both runs leave it out.
describe('ingestion: the sample corpus in batches, against one by one', () => {
  const deliveries = loadSampleDeliveries().filter((d) => !deliveryText(d).includes('\n'));

  /** Per delivery: its status, and for a duplicate the delivery it repeats; the deliveries each customer holds. */
  const outcomeOf = async (harness: IngestHarness, answers: Answer[]) => {
    const seqOfLead = new Map<string, number>();
    answers.forEach((a, i) => {
      if (a.status === 202) seqOfLead.set(a.leadId!, deliveries[i]!.seq);
    });
    const perDelivery = answers.map((a, i) => ({
      seq: deliveries[i]!.seq,
      status: a.status,
      duplicateOf: a.duplicate === true ? seqOfLead.get(a.leadId!) : undefined,
    }));
    const byCustomer = new Map<string, number[]>();
    const assignments: Array<{ person: number; customer: string }> = [];
    for (const [leadId, seq] of seqOfLead) {
      const { status, json } = await harness.get(`/v1/leads/${leadId}`);
      expect(status).toBe(200);
      const customer = (json as { customerId: string }).customerId;
      byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), seq]);
      assignments.push({ person: deliveries.find((d) => d.seq === seq)!.expect.person!, customer });
    }
    const customers = [...byCustomer.values()].map((seqs) => seqs.sort((a, b) => a - b).join(' ')).sort();
    return { perDelivery, customers, scores: pairwiseScores(assignments) };
  };

  const run = async (label: string, post: (harness: IngestHarness) => Promise<Answer[]>) => {
    const harness = await startIngestHarness(label);
    try {
      const answers = await post(harness);
      return await outcomeOf(harness, answers);
    } finally {
      await harness.stop();
    }
  };

  it('answers every delivery alike and puts the same deliveries together', async () => {
    // Given the corpus POSTed one by one, in arrival order
    const oneByOne = await run('batch-one', async (harness) => {
      const answers: Answer[] = [];
      for (const d of deliveries) {
        const { status, json } = await harness.post('/v1/leads', deliveryText(d));
        answers.push({ ...(json as Answer), status });
      }
      return answers;
    });
    expect(oneByOne.perDelivery.filter((d) => d.duplicateOf !== undefined).length).toBeGreaterThan(10);

    // When it is POSTed again to another process as NDJSON batches of 100 (a person's leads share a batch)
    const batched = await run('batch-many', async (harness) => {
      const answers: Answer[] = [];
      for (let i = 0; i < deliveries.length; i += 100) {
        const chunk: SampleDelivery[] = deliveries.slice(i, i + 100);
        const { status, json } = await harness.post(
          '/v1/leads:batch',
          chunk.map((d) => deliveryText(d)).join('\n'),
          { 'content-type': 'application/x-ndjson' },
        );
        expect(status).toBe(200);
        const items = (json as { items: Array<Answer & { index: number }> }).items;
        expect(items.map((item) => item.index)).toEqual(chunk.map((_, j) => j));
        answers.push(...items);
      }
      return answers;
    });

    // Then each delivery has the same status and repeats the same earlier one, and the customers
    // hold the same deliveries (so the same persons were merged)
    expect(batched.perDelivery).toEqual(oneByOne.perDelivery);
    expect(batched.customers).toEqual(oneByOne.customers);
    expect(batched.scores).toEqual(oneByOne.scores);
  });
});
