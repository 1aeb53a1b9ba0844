/** The body types leadflow's routes read: JSON, and NDJSON for batches. */
export const JSON_MEDIA_TYPES: ReadonlyArray<string> = ['application/json', 'application/x-ndjson'];

/** The media type of a `Content-Type` header, lower case, without parameters; null when absent. */
export const mediaTypeOf = (contentType: string | undefined): string | null => {
  if (contentType === undefined) return null;
  const type = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return type === '' ? null : type;
};

/**
 * Why a body of this `Content-Type` is refused (415), or null when it is JSON or NDJSON. A form or
 * `text/plain` body is what a web page can send without the browser asking the server first, so it
 * is never taken for JSON.
 */
export const unsupportedMediaType = (contentType: string | undefined): string | null => {
  const type = mediaTypeOf(contentType);
  if (type !== null && JSON_MEDIA_TYPES.includes(type)) return null;
  return type === null
    ? 'a body needs Content-Type: application/json (or application/x-ndjson)'
    : `Content-Type ${type.slice(0, 100)} is not accepted: send application/json (or application/x-ndjson)`;
};
