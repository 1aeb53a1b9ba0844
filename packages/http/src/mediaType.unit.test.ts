import { mediaTypeOf, unsupportedMediaType } from './mediaType';

describe('unsupportedMediaType', () => {
  it('takes JSON and NDJSON, with parameters and in any case', () => {
    for (const type of [
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON',
      'application/x-ndjson',
    ])
      expect(unsupportedMediaType(type)).toBeNull();
  });

  it('refuses what a web page can send without asking first, and a body without a type', () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      undefined,
      '',
    ])
      expect(unsupportedMediaType(type)).toMatch(/application\/json/);
    expect(mediaTypeOf(' Text/Plain ;charset=utf-8')).toBe('text/plain');
  });
});
