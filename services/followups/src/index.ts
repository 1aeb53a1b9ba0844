export * from './startFollowUps';
