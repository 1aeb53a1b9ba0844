export * from './config';
export * from './taskId';
export * from './taskContext';
export * from './policy';
