import type { AssignmentRule, RepTerritories } from '@leadflow/contracts';

/** What routing needs to know of a rep. */
export interface RoutingRep {
  readonly repId: string;
  readonly active: boolean;
  /** Most open tasks at once; null: no limit. */
  readonly capacity: number | null;
  readonly territories: RepTerritories;
  readonly manager: string | null;
}

/** A task to route, with what its customer tells about it. */
export interface RoutingTask {
  /** The customer's owner (the first rep any of its tasks went to), else null. */
  readonly owner: string | null;
  /** The customer's ISO-2 country, else null. */
  readonly country: string | null;
  /** The `publisher.offer` the task is about, else null. */
  readonly offer: string | null;
}

/** The round-robin pool a task falls in: its territory's reps, or the default pool. */
export interface Pool {
  /** The cursor key: `territory:<country>|<offer>` or `default`. */
  readonly key: string;
  readonly rule: Extract<AssignmentRule, 'territory' | 'default-pool'>;
  /** Its reps (active or not), by id. */
  readonly reps: ReadonlyArray<RoutingRep>;
}

/** The routing decision: the rep (null: nobody available), the rule and the reps it considered. */
export interface Assignment {
  readonly assignee: string | null;
  readonly rule: AssignmentRule | null;
  readonly candidates: ReadonlyArray<string>;
  /** The pool whose cursor moved to `assignee`, else null (the owner rule moves no cursor). */
  readonly pool: string | null;
}

const isDefaultPool = (rep: RoutingRep): boolean =>
  rep.territories.countries.length === 0 && rep.territories.offers.length === 0;

/** Whether a rep's territory covers a customer's country and offer (an empty list covers any). */
export const coversTerritory = (rep: RoutingRep, country: string | null, offer: string | null): boolean => {
  if (isDefaultPool(rep)) return false;
  const { countries, offers } = rep.territories;
  const countryOk = countries.length === 0 || (country !== null && countries.includes(country.toUpperCase()));
  const offerOk = offers.length === 0 || (offer !== null && offers.includes(offer.toLowerCase()));
  return countryOk && offerOk;
};

const byId = (a: RoutingRep, b: RoutingRep): number => (a.repId < b.repId ? -1 : a.repId > b.repId ? 1 : 0);

/** The cursor key of the territory pool of a country and offer (known from the task alone, before any rep is read). */
export const territoryPoolKey = (country: string | null, offer: string | null): string =>
  `territory:${country?.toUpperCase() ?? '-'}|${offer?.toLowerCase() ?? '-'}`;

/** The territory pool of a task (reps covering its country and offer) and the default pool, in that order. */
export const poolsOf = (reps: ReadonlyArray<RoutingRep>, task: RoutingTask): ReadonlyArray<Pool> => {
  const territory = reps.filter((r) => coversTerritory(r, task.country, task.offer)).sort(byId);
  const pools: Pool[] = [];
  if (territory.length > 0)
    pools.push({
      key: territoryPoolKey(task.country, task.offer),
      rule: 'territory',
      reps: territory,
    });
  pools.push({ key: 'default', rule: 'default-pool', reps: reps.filter(isDefaultPool).sort(byId) });
  return pools;
};

/** Whether a rep can take one more task: active and below its capacity. */
export const hasRoom = (rep: RoutingRep, openTasks: ReadonlyMap<string, number>): boolean =>
  rep.active && (rep.capacity === null || (openTasks.get(rep.repId) ?? 0) < rep.capacity);

/**
 * The next rep of a pool after `last` (its cursor), in id order, wrapping around, skipping reps
 * without room. Ids order the turn, so the order survives restarts and any number of instances.
 */
export const nextInTurn = (
  pool: ReadonlyArray<RoutingRep>,
  last: string | null,
  openTasks: ReadonlyMap<string, number>,
): RoutingRep | undefined => {
  const eligible = pool.filter((r) => hasRoom(r, openTasks));
  return (last === null ? undefined : eligible.find((r) => r.repId > last)) ?? eligible[0];
};

/**
 * Chooses a task's assignee: the customer's owner when active and below capacity (sticky ownership);
 * else round robin among the reps whose territory covers the customer's country and offer; else round
 * robin in the default pool (reps without territory). Nobody with room: unassigned. Pure: the same
 * reps, counts and cursors give the same answer, which is what makes replays and redeliveries agree.
 */
export const chooseAssignee = (
  reps: ReadonlyArray<RoutingRep>,
  task: RoutingTask,
  openTasks: ReadonlyMap<string, number>,
  cursors: ReadonlyMap<string, string | null>,
): Assignment => {
  const considered: string[] = [];
  const owner = task.owner === null ? undefined : reps.find((r) => r.repId === task.owner);
  if (owner !== undefined) {
    considered.push(owner.repId);
    if (hasRoom(owner, openTasks))
      return { assignee: owner.repId, rule: 'owner', candidates: considered, pool: null };
  }
  for (const pool of poolsOf(reps, task)) {
    const active = pool.reps.filter((r) => r.active);
    considered.push(...active.map((r) => r.repId).filter((id) => !considered.includes(id)));
    const next = nextInTurn(active, cursors.get(pool.key) ?? null, openTasks);
    if (next !== undefined)
      return { assignee: next.repId, rule: pool.rule, candidates: considered, pool: pool.key };
  }
  return { assignee: null, rule: null, candidates: considered, pool: null };
};

/** The `publisher.offer` key a task's first context entry names, else null. */
export const offerOfContext = (
  context: ReadonlyArray<{ publisherId: string | null; offerId: string | null }>,
): string | null => {
  const first = context[0];
  return first === undefined || first.offerId === null
    ? null
    : `${first.publisherId ?? ''}.${first.offerId}`.toLowerCase();
};
