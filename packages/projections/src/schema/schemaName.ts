const IDENTIFIER = /^[a-z_][a-z0-9_]{0,47}$/;

/** Checks a schema name before it is spliced into SQL text (it cannot be a bind parameter). */
export const assertSchemaName = (schema: string): string => {
  if (!IDENTIFIER.test(schema))
    throw new TypeError(`Invalid schema name "${schema}": use [a-z_][a-z0-9_]{0,47}`);
  return schema;
};
