/** Checks a schema name before it is spliced into SQL text (it cannot be a bind parameter). */
export declare const assertSchemaName: (schema: string) => string;
//# sourceMappingURL=schemaName.d.ts.map
