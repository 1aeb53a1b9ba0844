import Ajv from 'ajv';
import fc from 'fast-check';
import * as t from 'io-ts';
import { DeadLetterHeaders, RawLeadRejectionHeaders } from '../envelope/headers';
import { ReferralNotedMessage, followUpMessageCodec, lifecycleMessageCodec } from '../envelope/messages';
import { jsonSchemaOf } from './jsonSchemaOf';
import { closedObject, constrainedString } from './schemaCodec';

const ajv = new Ajv({ strict: true, allowUnionTypes: true, validateFormats: false });

describe('jsonSchemaOf', () => {
  it('maps io-ts combinators to the JSON Schema keywords with the same meaning', () => {
    const Kind = t.keyof({ a: null, b: null });
    expect(jsonSchemaOf(t.union([t.string, t.null]))).toEqual({ type: ['string', 'null'] });
    expect(jsonSchemaOf(t.union([Kind, t.null]))).toEqual({
      type: ['string', 'null'],
      enum: ['a', 'b', null],
    });
    expect(jsonSchemaOf(t.literal('x'))).toEqual({ type: 'string', const: 'x' });
    expect(jsonSchemaOf(t.readonlyArray(t.number))).toEqual({ type: 'array', items: { type: 'number' } });
    // t.type keys are required unless their codec accepts undefined; unknown keys stay allowed
    expect(jsonSchemaOf(t.type({ n: t.number, any: t.unknown }))).toEqual({
      type: 'object',
      properties: { n: { type: 'number' }, any: {} },
      required: ['n'],
    });
    // t.type & t.partial fold into one object
    expect(jsonSchemaOf(t.intersection([t.type({ a: t.string }), t.partial({ b: t.boolean })]))).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'boolean' } },
      required: ['a'],
    });
    expect(jsonSchemaOf(t.exact(t.type({ a: t.string })))).toMatchObject({ additionalProperties: false });
  });

  it('takes the schema a schemaCodec codec was built with', () => {
    const name = constrainedString({ name: 'short', maxLength: 3 });
    const closed = closedObject({ name: 'o', required: { name }, optional: {} });
    expect(jsonSchemaOf(name.codec)).toBe(name.schema);
    expect(jsonSchemaOf(t.type({ o: closed.codec }))).toEqual({
      type: 'object',
      properties: { o: closed.schema },
      required: ['o'],
    });
  });

  it('refuses a codec whose check it cannot see rather than answer an empty schema', () => {
    const Positive = t.refinement(t.number, (n) => n > 0, 'Positive');
    const Custom = new t.Type<string, string, unknown>('Custom', t.string.is, t.string.validate, t.identity);
    expect(() => jsonSchemaOf(Positive)).toThrow(/Positive/);
    expect(() => jsonSchemaOf(t.type({ c: Custom }))).toThrow(/Custom/);
  });
});

// Valid samples of message codecs; the property mutates them anywhere and asks codec and schema.
const at = '2026-09-26T09:00:00.000Z';
const envelope = (type: string, source: string, data: unknown) => ({
  specversion: '1.0',
  id: 'evt-1',
  source,
  type,
  subject: 'cus-1',
  time: at,
  datacontenttype: 'application/json',
  correlationid: 'lead-1',
  data,
});
const scheduled = {
  taskId: 'task-1',
  customerId: 'cus-1',
  kind: 'nurture-email',
  scheduledAt: at,
  dueAt: at,
  trigger: { kind: 'task', id: 'task-0' },
  context: [{ leadId: 'lead-1', action: 'PLT', offerId: null, publisherId: 'contoso', offerTitle: null }],
  nurture: { step: 1, of: 4, startedAt: at },
};
const samples: ReadonlyArray<{ name: string; codec: t.Mixed; sample: unknown }> = [
  {
    name: 'lifecycle FollowUpScheduled',
    codec: lifecycleMessageCodec('FollowUpScheduled'),
    sample: envelope('leadflow.customer.FollowUpScheduled.v1', '/leadflow/eventstore', scheduled),
  },
  {
    name: 'follow-up task-completed',
    codec: followUpMessageCodec('FollowUpCompleted'),
    sample: envelope('leadflow.followup.task-completed.v1', '/leadflow/followups', {
      taskId: 'task-1',
      customerId: 'cus-1',
      outcome: 'won',
      note: null,
      by: 'sam',
      completedAt: at,
      assignee: 'rep-1',
    }),
  },
  {
    name: 'referral-noted',
    codec: ReferralNotedMessage,
    sample: envelope('leadflow.followup.referral-noted.v1', '/leadflow/followups', {
      customerId: 'cus-1',
      leadId: 'lead-1',
    }),
  },
  {
    name: 'dead-letter headers',
    codec: DeadLetterHeaders,
    sample: {
      'x-error-message': 'boom',
      'x-error-name': 'Error',
      'x-error-attempts': '4',
      'x-original-topic': 'leads.lifecycle',
      'x-original-partition': '0',
      'x-failed-at': at,
    },
  },
  {
    name: 'raw lead rejection headers',
    codec: RawLeadRejectionHeaders,
    sample: {
      'leadflow-error-reason': 'invalid',
      'leadflow-error-status': '400',
      'leadflow-error-detail': '[]',
      'leadflow-rejection-id': 'rej-1',
      'leadflow-original-topic': 'leads.raw',
      'leadflow-original-partition': '2',
      'leadflow-original-offset': '17',
    },
  },
];

type Path = ReadonlyArray<string | number>;
const pathsOf = (value: unknown, prefix: Path = []): Path[] => {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (typeof value === 'object' && value !== null)
    return [prefix, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return [prefix];
};

type Mutation =
  { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'add'; key: string; value: unknown };

/** `value` with the node at `path` replaced, deleted or given an extra key (a copy; `value` is kept). */
const mutate = (value: unknown, path: Path, mutation: Mutation): unknown => {
  if (path.length === 0) {
    if (mutation.kind === 'replace') return mutation.value;
    if (mutation.kind === 'add' && typeof value === 'object' && value !== null && !Array.isArray(value))
      return { ...value, [mutation.key]: mutation.value };
    return value;
  }
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (rest.length === 0 && mutation.kind === 'delete') copy.splice(Number(head), 1);
    else copy[Number(head)] = mutate(copy[Number(head)], rest, mutation);
    return copy;
  }
  const record = { ...(value as Record<string, unknown>) };
  if (rest.length === 0 && mutation.kind === 'delete') delete record[String(head)];
  else record[String(head)] = mutate(record[String(head)], rest, mutation);
  return record;
};

const nearValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    null,
    '',
    'x',
    0,
    1.5,
    true,
    [],
    {},
    at,
    'leadflow.customer.FollowUpScheduled.v2',
    '007',
    '-1',
  ),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), value: nearValue }),
  fc.constant({ kind: 'delete' as const }),
  fc.record({
    kind: fc.constant('add' as const),
    key: fc.constantFrom('extra', 'data', 'x-more'),
    value: nearValue,
  }),
);

describe.each(samples)('the schema derived for $name', ({ codec, sample }) => {
  const validate = ajv.compile(jsonSchemaOf(codec));

  it('accepts the valid sample', () => {
    expect(codec.is(sample)).toBe(true);
    expect(validate(sample)).toBe(true);
  });

  it('accepts and rejects exactly what the codec does, however the sample is changed', () => {
    const paths = pathsOf(sample);
    fc.assert(
      fc.property(
        fc.nat({ max: paths.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (i, changes) => {
          const changed = changes.reduce((acc, m) => mutate(acc, paths[i]!, m), sample);
          expect(validate(changed)).toBe(codec.is(changed));
        },
      ),
      { numRuns: 300 },
    );
  });
});
