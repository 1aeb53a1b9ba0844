export * from './createLeadWriter';
export * from './ids';
export * from './leadQueries';
export * from './leadWriter';
export * from './rejectedStore';
export * from './sql/sqlWriteSide';
export * from './writeTx';
