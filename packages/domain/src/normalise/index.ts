export * from './email';
export * from './phone';
export * from './country';
export * from './name';
export * from './company';
export * from './text';
export * from './customer';
