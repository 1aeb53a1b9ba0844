import { useEffect, useState } from 'preact/hooks';
import { get } from './api';
import type { CustomerLabel } from './components/taskTable';
import { displayName, type Customer } from './types';

// Names already read in this tab: going back and forth between pages reads each customer once.
const known = new Map<string, CustomerLabel>();

/**
 * The names of the customers of a page of tasks. The task list carries ids only, so each customer
 * not seen before is read (a page holds at most a few dozen); the table shows as soon as the tasks
 * arrive and the names fill in.
 */
export const useCustomerLabels = (ids: ReadonlyArray<string>): ReadonlyMap<string, CustomerLabel> => {
  const [labels, setLabels] = useState<ReadonlyMap<string, CustomerLabel>>(() => new Map(known));
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    let current = true;
    const missing = [...new Set(ids)].filter((id) => !known.has(id));
    if (missing.length === 0) {
      setLabels(new Map(known));
      return;
    }
    void Promise.all(
      missing.map(async (id) => {
        try {
          const customer = await get<Customer>(`/v1/customers/${encodeURIComponent(id)}`);
          known.set(id, { name: displayName(customer) });
        } catch {
          known.set(id, { name: 'Unknown customer' });
        }
      }),
    ).then(() => current && setLabels(new Map(known)));
    return () => {
      current = false;
    };
  }, [key]);
  return labels;
};

/** Forgets what was read, for a customer whose view changed (after an opt-out, say) or at sign-out. */
export const forgetCustomerLabels = (): void => known.clear();
