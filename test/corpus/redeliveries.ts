import type { Rng } from './prng';
import { turn, withKeys, type KeyStyle, type Pending, type RenderState } from './render';

/** How a redelivery is recognised: the sender's key, the canonical id, or the webhook's content. */
export type RedeliveryKind = 'idempotency-key' | 'canonical-id' | 'content';

const deepClone = <A>(value: A): A => JSON.parse(JSON.stringify(value)) as A;

/** The same content with keys re-cased and some strings padded: the content rule must still see one lead. */
const recasedAndPadded = (
  rng: Rng,
  body: Record<string, unknown>,
  style: KeyStyle,
): Record<string, unknown> => {
  const pad = (value: unknown): unknown => {
    if (typeof value === 'string') return value !== '' && rng.chance(0.5) ? ` ${value}  ` : value;
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pad(v)]));
    return value;
  };
  const plain = (value: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        // Back to the reference spelling first, then re-cased: the copy differs from the original.
        k.toLowerCase() === 'userdetails' ? 'UserDetails' : k,
        typeof v === 'object' && v !== null && !Array.isArray(v) ? plain(v as Record<string, unknown>) : v,
      ]),
    );
  return pad(withKeys(plain(body), style, rng)) as Record<string, unknown>;
};

/**
 * A redelivery of `original` (which may gain an Idempotency-Key header). A keyed redelivery repeats
 * the body as it was: a key sent again with another body is refused (422), not a redelivery.
 */
export const redeliver = (state: RenderState, original: Pending, kind: RedeliveryKind): Pending => {
  const { rng } = state;
  const person = original.expect.person;
  const expect = { status: 2, ...(person === undefined ? {} : { person }), duplicate: true };
  const flags = {
    ...(original.expect.anonymous ? { anonymous: true } : {}),
    ...(original.expect.test ? { test: true } : {}),
    ...(original.expect.unrecognized ? { unrecognized: true } : {}),
  };
  switch (kind) {
    case 'idempotency-key': {
      if (original.headers['Idempotency-Key'] === undefined)
        original.headers['Idempotency-Key'] = `lead-${state.seed}-${(state.keyCount += 1)}`;
      const body = deepClone(original.body as Record<string, unknown>);
      return { kind: original.kind, body, headers: { ...original.headers }, expect: { ...expect, ...flags } };
    }
    case 'canonical-id': {
      const body = deepClone(original.body as Record<string, unknown>);
      if (rng.chance(0.5)) body['producer'] = 'replay-job';
      return { kind: 'canonical', body, headers: {}, expect: { ...expect, ...flags } };
    }
    case 'content': {
      const style = turn(state, 'redelivery-keys', ['camel', 'upper', 'lower', 'mixed', 'Pascal'] as const);
      let body = recasedAndPadded(rng, original.body as Record<string, unknown>, style);
      if (JSON.stringify(body) === JSON.stringify(original.body))
        body = recasedAndPadded(rng, original.body as Record<string, unknown>, 'upper');
      return { kind: 'webhook', body, headers: {}, expect: { ...expect, ...flags } };
    }
  }
};
