import fc from 'fast-check';
import { chooseAssignee, coversTerritory, type RoutingRep, type RoutingTask } from './assign';

const COUNTRIES = ['DE', 'FR', 'US', 'GB'];
const OFFERS = ['contoso.crm', 'contoso.erp', 'fabrikam.bi'];

const arbRep = (id: number): fc.Arbitrary<RoutingRep> =>
  fc.record({
    repId: fc.constant(`rep-${String(id).padStart(2, '0')}`),
    active: fc.boolean(),
    capacity: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
    territories: fc.record({
      countries: fc.subarray(COUNTRIES, { maxLength: 2 }),
      offers: fc.subarray(OFFERS, { maxLength: 1 }),
    }),
    manager: fc.constant(null),
  });

const arbReps = fc
  .integer({ min: 0, max: 8 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbRep(i))))
  .map((reps) => reps as RoutingRep[]);

const arbTask = fc.record({
  customer: fc.integer({ min: 0, max: 12 }),
  country: fc.option(fc.constantFrom(...COUNTRIES), { nil: null }),
  offer: fc.option(fc.constantFrom(...OFFERS), { nil: null }),
  completes: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
});

/**
 * An independent run of routing over a task stream: each task goes through `chooseAssignee` with the
 * open counts, customer owners and pool cursors the earlier tasks left; some earlier tasks complete.
 */
type TaskStep = { customer: number; country: string | null; offer: string | null; completes: number | null };

const simulate = (reps: ReadonlyArray<RoutingRep>, tasks: ReadonlyArray<TaskStep>) => {
  const open = new Map<string, number>();
  const cursors = new Map<string, string | null>();
  const owners = new Map<number, string>();
  const openTasks: Array<{ rep: string; index: number }> = [];
  const results = [];
  for (const [index, task] of tasks.entries()) {
    if (task.completes !== null) {
      const done = openTasks.splice(task.completes % Math.max(1, openTasks.length), 1)[0];
      if (done !== undefined) open.set(done.rep, (open.get(done.rep) ?? 1) - 1);
    }
    const routing: RoutingTask = {
      owner: owners.get(task.customer) ?? null,
      country: task.country,
      offer: task.offer,
    };
    const openBefore = new Map(open);
    const assignment = chooseAssignee(reps, routing, open, cursors);
    if (assignment.assignee !== null) {
      open.set(assignment.assignee, (open.get(assignment.assignee) ?? 0) + 1);
      openTasks.push({ rep: assignment.assignee, index });
      if (!owners.has(task.customer)) owners.set(task.customer, assignment.assignee);
      if (assignment.pool !== null) cursors.set(assignment.pool, assignment.assignee);
    }
    results.push({ task, routing, assignment, openBefore });
  }
  return results;
};

describe('routing (chooseAssignee)', () => {
  it('never assigns a task to an inactive rep or to one at capacity', () => {
    fc.assert(
      fc.property(arbReps, fc.array(arbTask, { maxLength: 40 }), (reps, tasks) =>
        simulate(reps, tasks).every(({ assignment, openBefore }) => {
          if (assignment.assignee === null) return true;
          const rep = reps.find((r) => r.repId === assignment.assignee)!;
          return rep.active && (rep.capacity === null || (openBefore.get(rep.repId) ?? 0) < rep.capacity);
        }),
      ),
    );
  });

  it('leaves a task unassigned only when no candidate rep has room', () => {
    fc.assert(
      fc.property(arbReps, fc.array(arbTask, { maxLength: 40 }), (reps, tasks) =>
        simulate(reps, tasks).every(({ assignment, openBefore, routing }) => {
          if (assignment.assignee !== null) return true;
          const inPool = reps.filter(
            (r) =>
              r.repId === routing.owner ||
              coversTerritory(r, routing.country, routing.offer) ||
              (r.territories.countries.length === 0 && r.territories.offers.length === 0),
          );
          return inPool.every(
            (r) => !r.active || (r.capacity !== null && (openBefore.get(r.repId) ?? 0) >= r.capacity),
          );
        }),
      ),
    );
  });

  it('assigns within the territory when a covering rep has room, else the default pool', () => {
    fc.assert(
      fc.property(arbReps, fc.array(arbTask, { maxLength: 40 }), (reps, tasks) =>
        simulate(reps, tasks).every(({ assignment, openBefore, routing }) => {
          if (assignment.rule === 'owner' || assignment.assignee === null) return true;
          const rep = reps.find((r) => r.repId === assignment.assignee)!;
          const territoryHasRoom = reps.some(
            (r) =>
              coversTerritory(r, routing.country, routing.offer) &&
              r.active &&
              (r.capacity === null || (openBefore.get(r.repId) ?? 0) < r.capacity),
          );
          return assignment.rule === 'territory'
            ? coversTerritory(rep, routing.country, routing.offer)
            : !territoryHasRoom &&
                rep.territories.countries.length === 0 &&
                rep.territories.offers.length === 0;
        }),
      ),
    );
  });

  it('keeps sticky ownership: a customer whose owner is active and has room gets its owner', () => {
    fc.assert(
      fc.property(arbReps, fc.array(arbTask, { maxLength: 40 }), (reps, tasks) =>
        simulate(reps, tasks).every(({ assignment, openBefore, routing }) => {
          const owner = reps.find((r) => r.repId === routing.owner);
          if (owner === undefined) return assignment.rule !== 'owner';
          const room =
            owner.active && (owner.capacity === null || (openBefore.get(owner.repId) ?? 0) < owner.capacity);
          return room
            ? assignment.assignee === owner.repId && assignment.rule === 'owner'
            : assignment.assignee !== owner.repId;
        }),
      ),
    );
  });

  it('round robin within a territory: eligible reps differ by at most one task', () => {
    const territoryRep = (i: number, active: boolean): RoutingRep => ({
      repId: `rep-${i}`,
      active,
      capacity: null,
      territories: { countries: ['DE'], offers: [] },
      manager: null,
    });
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 1, max: 60 }),
        (activity, count) => {
          const reps = activity.map((active, i) => territoryRep(i, active));
          // Every task a new customer (no owner), all in the one territory.
          const tasks = Array.from({ length: count }, (_, i) => ({
            customer: 1000 + i,
            country: 'DE',
            offer: null,
            completes: null,
          }));
          const counts = new Map(reps.filter((r) => r.active).map((r) => [r.repId, 0]));
          for (const { assignment } of simulate(reps, tasks))
            if (assignment.assignee !== null && assignment.rule === 'territory')
              counts.set(assignment.assignee, (counts.get(assignment.assignee) ?? 0) + 1);
          const values = [...counts.values()];
          return values.length === 0 || Math.max(...values) - Math.min(...values) <= 1;
        },
      ),
    );
  });

  it('is deterministic: replaying the same reps and tasks gives the same assignments', () => {
    fc.assert(
      fc.property(arbReps, fc.array(arbTask, { maxLength: 40 }), (reps, tasks) => {
        const first = simulate(reps, tasks).map((r) => r.assignment);
        const again = simulate([...reps].reverse(), tasks).map((r) => r.assignment);
        expect(again).toEqual(first);
      }),
    );
  });
});
