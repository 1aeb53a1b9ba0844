import fc from 'fast-check';
import { isConnectionError } from './connectionErrors';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isConnectionError', () => {
  it('knows what a restart, a failover or an unreachable server raise', () => {
    for (const error of [
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('57P03', 'the database system is starting up'),
      pgError('08006'),
      pgError('53300', 'sorry, too many clients already'),
      pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      pgError('ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
    ])
      expect([error.message, isConnectionError(error)]).toEqual([error.message, true]);
  });

  it('leaves errors about the statement or its data alone', () => {
    for (const error of [
      pgError('23505', 'duplicate key value violates unique constraint'),
      pgError('40001'),
      pgError('22P02', 'invalid input syntax for type uuid'),
      pgError('42P01', 'relation does not exist'),
      new Error('follow-up command refused: TaskAlreadyCompleted'),
      null,
      'Connection terminated',
    ])
      expect(isConnectionError(error)).toBe(false);
  });

  it('decides by the SQLSTATE class for every code', () => {
    const sqlstate = fc.stringMatching(/^[0-9A-Z]{5}$/);
    fc.assert(
      fc.property(sqlstate, (code) => {
        const expected =
          ['08', '53'].includes(code.slice(0, 2)) || ['57P01', '57P02', '57P03'].includes(code);
        expect(isConnectionError(pgError(code, 'some statement failed'))).toBe(expected);
      }),
    );
  });
});
