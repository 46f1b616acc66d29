import { errors } from '../errors.js';

/**
 * Keyset cursors: the sort key and id of the last row of a page, opaque to the client. A cursor
 * that was not given out by the API is refused as a bad `cursor` parameter.
 */
export const encodeCursor = (key: string, id: string) => Buffer.from(JSON.stringify([key, id])).toString('base64url');

export function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {
    // fall through to the error below
  }
  throw errors.validation([{ path: 'cursor', message: 'not a cursor this API gave out' }]);
}
