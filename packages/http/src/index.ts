/// <reference types="@fastify/swagger" preserve="true" />
export * from './auth';
export * from './buildHttpApp';
export * from './problem';
