import { runEventStoreContract } from '../contract/eventStoreContract';
import { getInMemoryEventStore } from './getInMemoryEventStore';

runEventStoreContract('in-memory', async () => {
  const store = getInMemoryEventStore();
  return { store, dispose: () => store.close() };
});
