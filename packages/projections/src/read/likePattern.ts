/**
 * A text escaped for use inside a LIKE pattern (PostgreSQL's default escape character, backslash):
 * what the caller typed is matched literally, so `%` or `_` never widens a filter.
 */
export const likeEscaped = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
