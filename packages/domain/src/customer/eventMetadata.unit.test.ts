import type { CausalMetadata } from '@leadflow/contracts';
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { at, incomingLead, receiveLead } from '../testing/fixtures';
import { decide } from './decide';
import { initialState } from './state';

describe('event metadata', () => {
  it('is the command metadata spread with the schema version, key order included, whatever its shape', () => {
    const key = fc.constantFrom('correlationId', 'causationId', 'schemaVersion', 'userId');
    const metadata = fc
      .uniqueArray(fc.tuple(key, fc.oneof(fc.string({ maxLength: 4 }), fc.integer())), {
        selector: ([k]) => k,
      })
      .map((entries) => Object.fromEntries(entries) as unknown as CausalMetadata);
    const plain = fc.record({ correlationId: fc.string(), causationId: fc.string() });
    fc.assert(
      fc.property(fc.oneof(metadata, plain), (m) => {
        const command = { ...receiveLead('cus-1', 'lead-1', at(0), incomingLead({})), metadata: m };
        const events = decide(command, initialState());
        const event = E.isRight(events) ? events.right[0] : undefined;
        const expected = { ...m, schemaVersion: event?.metadata.schemaVersion };
        return event !== undefined && JSON.stringify(event.metadata) === JSON.stringify(expected);
      }),
    );
  });
});
