import { errorAnswer } from './errorProblem';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const isRefused = (error: Error) => (error as { code?: string }).code === 'ECONNREFUSED';

describe('errorAnswer', () => {
  it('answers an unreachable server with 503 problem+json and Retry-After, and says no more', () => {
    const answer = errorAnswer(refused(), 'c-1', isRefused);
    expect(answer.problem).toMatchObject({ status: 503, title: 'Service Unavailable', correlationId: 'c-1' });
    expect(answer.problem.type).toMatch(/\/unavailable$/);
    expect(answer.headers).toEqual({ 'retry-after': '2' });
    expect(answer.log).toBe('warn');
    expect(JSON.stringify(answer.problem)).not.toContain('5432');
  });

  it('leaves other failures as they were: 500 for a bug, their own status when they carry one', () => {
    const bug = errorAnswer(new Error('a bug in here'), 'c-2', isRefused);
    expect([bug.problem.status, bug.log, bug.headers]).toEqual([500, 'error', {}]);
    expect(JSON.stringify(bug.problem)).not.toContain('a bug in here');
    const bad = errorAnswer(Object.assign(refused(), { statusCode: 400 }), 'c-3', isRefused);
    expect([bad.problem.status, bad.log]).toEqual([400, 'none']);
    expect(errorAnswer(refused(), 'c-4').problem.status).toBe(500); // no classifier given
    expect(errorAnswer(Object.assign(new Error('big'), { statusCode: 413 }), 'c-5').problem.type).toMatch(
      /\/too-large$/,
    );
  });
});
