import * as E from 'fp-ts/Either';
import { at, incomingLead, meta, receiveLead, run, runWithPolicy } from '../testing/fixtures';
import { decide } from './decide';
import { decideMerge } from './decideMerge';
import { evolve } from './evolve';
import { initialState, openTasks, openTaskOfKind, speedToLeadSeconds, type CustomerState } from './state';

const complete = (
  taskId: string,
  outcome: 'contacted' | 'no-response' | 'qualified' | 'disqualified' | 'opted-out',
  hours: number,
) =>
  ({
    type: 'CompleteFollowUp',
    data: { taskId, outcome, note: null, by: 'sam', completedAt: at(hours) },
    metadata: meta,
  }) as const;

const withLead = (
  state: CustomerState,
  id: string,
  hours: number,
  action: Parameters<typeof incomingLead>[0]['action'] = 'PLT',
) => runWithPolicy(state, receiveLead('cus-1', id, at(hours), incomingLead({ action })), at(hours)).state;

describe('customer decider', () => {
  it('creates the customer on its first lead and ignores a redelivered lead', () => {
    // Given a first lead
    const first = runWithPolicy(
      initialState(),
      receiveLead('cus-1', 'lead-1', at(0), incomingLead({})),
      at(0),
    );
    // Then the customer exists at interest with one first-contact task due in 24 h
    expect(first.state).toMatchObject({ status: 'active', customerId: 'cus-1', stage: 'interest' });
    expect(openTasks(first.state).map((t) => [t.kind, t.dueAt])).toEqual([['first-contact', at(24)]]);
    expect(first.events.map((e) => e.metadata)).toEqual([
      { ...meta, schemaVersion: 2 },
      { ...meta, schemaVersion: 1 },
    ]);
    // When the same lead is decided again, nothing happens
    expect(decide(receiveLead('cus-1', 'lead-1', at(0), incomingLead({})), first.state)).toEqual(E.right([]));
  });

  it('adds later leads to the open first-contact task, and opens a trial check-in for a test drive', () => {
    let state = withLead(initialState(), 'lead-1', 0);
    state = withLead(state, 'lead-2', 1, 'StartTestDrive');
    state = withLead(state, 'lead-3', 2, 'INS');
    expect(state.stage).toBe('active');
    expect(openTasks(state).map((t) => t.kind)).toEqual(['first-contact', 'trial-check-in']);
    expect(openTaskOfKind(state, 'first-contact')?.context.map((c) => c.action)).toEqual([
      'PLT',
      'StartTestDrive',
      'INS',
    ]);
    expect(state.stageHistory.map((h) => h.stage)).toEqual(['interest', 'trial', 'active']);
  });

  it('runs the nurture sequence after no response, then nurtures; a new lead brings the customer back', () => {
    let state = withLead(initialState(), 'lead-1', 0, 'StartTestDrive');
    const firstContact = openTaskOfKind(state, 'first-contact')?.taskId ?? '';
    state = runWithPolicy(state, complete(firstContact, 'no-response', 30), at(30)).state;
    const dueDays: number[] = [];
    for (let step = 0; step < 4; step += 1) {
      const nurture = openTaskOfKind(state, 'nurture-email');
      if (nurture === undefined) throw new Error(`no nurture email at step ${step}`);
      dueDays.push((Date.parse(nurture.dueAt) - Date.parse(at(30))) / 86_400_000);
      state = runWithPolicy(
        state,
        complete(nurture.taskId, 'no-response', 40 + step * 200),
        at(40 + step * 200),
      ).state;
    }
    expect(dueDays).toEqual([3, 7, 14, 30]);
    expect(state.stage).toBe('nurturing');
    expect(openTaskOfKind(state, 'nurture-email')).toBeUndefined();
    // When a new marketplace lead arrives
    state = withLead(state, 'lead-2', 2000, 'PLT');
    // Then it is back at its marketplace stage with first contact reopened
    expect(state.stage).toBe('trial');
    expect(openTaskOfKind(state, 'first-contact')?.triggerId).toBe('lead:lead-2');
  });

  it('keeps a disqualified customer disqualified on a new lead and opens a re-engaged task', () => {
    let state = withLead(initialState(), 'lead-1', 0);
    state = run(
      state,
      complete(openTaskOfKind(state, 'first-contact')?.taskId ?? '', 'disqualified', 5),
    ).state;
    state = withLead(state, 'lead-2', 10, 'INS');
    expect(state.stage).toBe('disqualified');
    expect(state.marketplaceStage).toBe('active');
    expect(openTasks(state).map((t) => t.kind)).toEqual(['re-engaged']);
  });

  it('derives speed-to-lead from the first actionable lead to the first completed contact', () => {
    let state = withLead(initialState(), 'lead-0', 0, 'DNC');
    state = withLead(state, 'lead-1', 1);
    expect(speedToLeadSeconds(state)).toBeNull();
    state = run(
      state,
      complete(openTaskOfKind(state, 'first-contact')?.taskId ?? '', 'contacted', 3.5),
    ).state;
    expect(speedToLeadSeconds(state)).toBe(2.5 * 3600);
  });

  it('raises overdue once per task and rejects completing it twice with another outcome', () => {
    const state = withLead(initialState(), 'lead-1', 0);
    const taskId = openTaskOfKind(state, 'first-contact')?.taskId ?? '';
    const overdue = { type: 'MarkFollowUpOverdue', data: { taskId, now: at(25) }, metadata: meta } as const;
    const once = run(state, overdue);
    expect(once.events.map((e) => e.type)).toEqual(['FollowUpOverdue']);
    expect(decide(overdue, once.state)).toEqual(E.right([]));
    expect(decide({ ...overdue, data: { taskId, now: at(23) } }, state)).toEqual(E.right([]));
    const done = run(state, complete(taskId, 'contacted', 2)).state;
    expect(decide(complete(taskId, 'contacted', 3), done)).toEqual(E.right([]));
    expect(E.isLeft(decide(complete(taskId, 'won' as never, 3), done))).toBe(true);
  });

  it('merges: the survivor takes over leads, stage and tasks; the merged stream is closed', () => {
    // Given an older customer at interest and a younger one in trial, each with a first-contact task
    const older = withLead(initialState(), 'lead-1', 0, 'PLT');
    const youngerLead = receiveLead(
      'cus-2',
      'lead-2',
      at(1),
      incomingLead({ email: null, phone: '+442072590507', action: 'StartTestDrive' }),
    );
    const younger = runWithPolicy(initialState(), youngerLead, at(1)).state;
    // When a lead links them
    const merge = decideMerge(older, younger, { rule: 'phone', leadId: 'lead-3', mergedAt: at(2) }, meta);
    if (E.isLeft(merge)) throw new Error('merge failed');
    const survivor = merge.right.survivor.reduce(evolve, older);
    const closed = merge.right.merged.reduce(evolve, younger);
    // Then
    expect(survivor).toMatchObject({ stage: 'trial', aliases: ['cus-2'], leadIds: ['lead-1', 'lead-2'] });
    expect(survivor.identity.phones).toEqual(['+442072590507']);
    expect(openTasks(survivor).map((t) => t.kind)).toEqual(['first-contact', 'trial-check-in']);
    expect(openTaskOfKind(survivor, 'first-contact')?.context.map((c) => c.leadId)).toEqual([
      'lead-1',
      'lead-2',
    ]);
    expect(closed).toMatchObject({ status: 'merged', mergedInto: 'cus-1' });
    expect(decide(receiveLead('cus-2', 'lead-4', at(3), incomingLead({})), closed)).toEqual(
      E.left({ type: 'CustomerWasMerged', customerId: 'cus-2', survivorId: 'cus-1' }),
    );
    // And merging again is a no-op
    expect(
      decideMerge(survivor, younger, { rule: 'phone', leadId: 'lead-3', mergedAt: at(2) }, meta),
    ).toMatchObject(E.right({ survivor: [] }));
  });

  it('opting out suppresses every new task', () => {
    let state = withLead(initialState(), 'lead-1', 0);
    state = run(state, complete(openTaskOfKind(state, 'first-contact')?.taskId ?? '', 'opted-out', 1)).state;
    state = withLead(state, 'lead-2', 2, 'StartTestDrive');
    expect(state.optedOut).toBe(true);
    expect(openTasks(state)).toEqual([]);
  });
});
