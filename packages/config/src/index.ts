export * from './config';
export * from './loadConfigOrExit';
export { GROUPS, type Group, type Variable } from './variable';
export { renderConfigDocs } from './configDocs';
