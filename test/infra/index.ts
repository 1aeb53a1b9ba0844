export * from './eventually';
export * from './freePort';
export * from './kafka';
export * from './paths';
export * from './samples';
export * from './serviceProcess';
export * from './scratchDatabase';
export * from './testClock';
