export * from './rep';
export * from './assign';
