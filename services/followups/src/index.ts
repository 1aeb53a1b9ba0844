export * from './followUpsService';
export * from './startFollowUps';
