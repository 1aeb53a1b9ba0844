import { runEventStoreContract } from '../contract/eventStoreContract';
import { getKurrentDBEventStore } from './getKurrentDBEventStore';

// Runs only against a real server; the global setup prints why it is skipped otherwise.
const connectionString = process.env.ESDB_CONNECTION_STRING;

if (connectionString) {
  runEventStoreContract('KurrentDB', async () => {
    const store = getKurrentDBEventStore({ connectionString, defaultFilter: { excludeSystemEvents: true } });
    return { store, dispose: () => store.close() };
  });
} else {
  describe.skip('KurrentDB event store contract (ESDB_CONNECTION_STRING is not set)', () => {
    it('runs the contract against KurrentDB', () => undefined);
  });
}
