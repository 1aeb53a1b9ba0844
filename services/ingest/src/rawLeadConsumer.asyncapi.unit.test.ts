import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ASYNCAPI_FILE, Topics, dlqTopic } from '@leadflow/contracts';
import { createLeadWriter, type RejectedStore, type WriteSide } from '@leadflow/ingestion';
import Ajv from 'ajv';
import { rawLeadRejectionHeaders } from './rawLeadConsumer';

type Message = { headers: object; payload: object };
type Doc = {
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  components: { messages: Record<string, Message> };
};
const doc = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../contracts', ASYNCAPI_FILE), 'utf8'),
) as Doc;
const ajv = new Ajv({ strict: true, allowUnionTypes: true, validateFormats: false });

/** The one message of the channel at `address`, as the committed document describes it. */
const onlyMessage = (address: string): Message => {
  const channel = Object.values(doc.channels).find((c) => c.address === address)!;
  const refs = Object.values(channel.messages);
  expect(refs).toHaveLength(1);
  return doc.components.messages[refs[0]!.$ref.replace('#/components/messages/', '')]!;
};

// A rejected lead never reaches the write side; reaching it would be a bug of this test.
const unusedWriteSide: WriteSide = {
  transact: () => Promise.reject(new Error('a rejected lead must not be written')),
  isRetryable: () => false,
};
const rejected: RejectedStore = {
  add: async () => ({ rejectionId: 'rej-42', dropped: 0 }),
  list: () => Promise.reject(new Error('not listed here')),
};
const writer = createLeadWriter({
  writeSide: unusedWriteSide,
  rejected,
  maxLeadBytes: 1024,
  dedupWindowSeconds: 0,
});

const rejectionOf = async (text: string) => {
  const outcome = await writer.ingest({
    text,
    idempotencyKey: null,
    receivedAt: new Date(),
    correlationId: 'leads.raw:0:17',
    channel: 'kafka',
  });
  if (outcome.kind !== 'rejected') throw new Error('expected a rejection');
  return outcome;
};

describe('leads.raw and its DLQ, against the AsyncAPI document', () => {
  const raw = onlyMessage(Topics.raw);
  const dlq = onlyMessage(dlqTopic(Topics.raw));
  const dlqHeaders = ajv.compile(dlq.headers);
  const source = { topic: Topics.raw, partition: 3, offset: '17' };

  it('describes the headers the consumer writes for each kind of rejection, beside the lead’s own', async () => {
    // Given leads the write path rejects as not JSON, invalid and too large
    const bodies = [
      '{"id": ',
      JSON.stringify({ id: 'evt-1', action: 'PLT' }),
      JSON.stringify({ id: 'x'.repeat(2000) }),
    ];
    const reasons: string[] = [];
    for (const body of bodies) {
      const outcome = await rejectionOf(body);
      reasons.push(outcome.reason);
      // When the consumer builds the dead letter's headers
      const headers = {
        'correlation-id': 'c-1',
        ...rawLeadRejectionHeaders(outcome, source),
      };
      // Then the document's DLQ headers accept them
      expect({ reason: outcome.reason, valid: dlqHeaders(headers), errors: dlqHeaders.errors }).toEqual({
        reason: outcome.reason,
        valid: true,
        errors: null,
      });
    }
    expect(reasons).toEqual(['not-json', 'invalid', 'too-large']);
  });

  it('rejects headers that lack the reason or carry a partition that is not a number', async () => {
    const headers = rawLeadRejectionHeaders(await rejectionOf('nope'), source);
    const { ['leadflow-error-reason']: _reason, ...withoutReason } = headers;
    expect(dlqHeaders(withoutReason)).toBe(false);
    expect(dlqHeaders({ ...headers, 'leadflow-original-partition': 'three' })).toBe(false);
    expect(dlqHeaders({ ...headers, 'leadflow-error-reason': 'late' })).toBe(false);
  });

  it('describes a canonical raw lead, and its optional headers, as leads.raw payload', () => {
    const payload = ajv.compile(raw.payload);
    const headers = ajv.compile(raw.headers);
    const lead = {
      id: 'evt-1',
      occurredAt: '2026-09-26T18:39:50Z',
      action: 'PLT',
      customer: { email: 'a@b.com' },
    };
    expect(payload(lead)).toBe(true);
    expect(payload({ ...lead, Customer: {} })).toBe(false);
    expect(headers({ 'idempotency-key': 'k-1' })).toBe(true);
    expect(headers({})).toBe(true);
  });
});
