export * from './consoleAssets';
export * from './consoleRoutes';
