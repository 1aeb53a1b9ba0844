import type { EventStore } from '../port';
import { appendContract } from './appendContract';
import type { ContractHarness, EventStoreFactory } from './fixtures';
import { metadataContract } from './metadataContract';
import { readContract } from './readContract';
import { subscriptionContract } from './subscriptionContract';

export type { ContractHarness, EventStoreFactory } from './fixtures';

/**
 * The behaviour every event store adapter must have. One store per suite; each test works on its
 * own uniquely named streams, so the suite also runs against a shared server.
 */
export const runEventStoreContract = (name: string, factory: EventStoreFactory): void => {
  describe(`${name} event store contract`, () => {
    let harness: ContractHarness | undefined;
    const store = (): EventStore => {
      if (harness === undefined) throw new Error('The store was not created');
      return harness.store;
    };

    beforeAll(async () => {
      harness = await factory();
    });
    afterAll(async () => {
      await harness?.dispose();
    });

    describe('appendToStream', () => appendContract(store));
    describe('reads', () => readContract(store));
    describe('subscribeToAll', () => subscriptionContract(store));
    describe('stream metadata', () => metadataContract(store));
  });
};
