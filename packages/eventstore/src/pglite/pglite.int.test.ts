import { randomUUID } from 'node:crypto';
import { createNodePGlite } from '../testing/createNodePGlite';
import { runEventStoreContract } from '../contract/eventStoreContract';
import { getPGliteEventStore } from './getPGliteEventStore';

runEventStoreContract('PGlite', async () => {
  const db = createNodePGlite();
  const store = await getPGliteEventStore({ db, schema: `es_test_${randomUUID().slice(0, 8)}` });
  return {
    store,
    dispose: async () => {
      await store.close();
      await db.close();
    },
  };
});
