/// <reference types="@fastify/swagger" preserve="true" />
export * from './auth';
export * from './allowedMethods';
export * from './buildHttpApp';
export * from './clientErrors';
export * from './errorProblem';
export * from './mediaType';
export * from './openModeGuard';
export * from './requestLog';
export * from './problem';
export * from './whoami';
