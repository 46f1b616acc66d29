/**
 * Decodes UTF-8 strictly: a byte sequence that is not UTF-8 is an error, never a silent U+FFFD,
 * because a replaced letter in a name or a title is data lost without anyone noticing.
 */
export type Decoded = { readonly text: string } | { readonly line: number; readonly error: string };

const strict = () => new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(bytes: Uint8Array, firstLine = 1): Decoded {
  try {
    return { text: strict().decode(bytes) };
  } catch {
    const at = firstBadByte(bytes);
    let line = firstLine;
    for (let i = 0; i < at; i++) if (bytes[i] === 10) line++;
    return { line, error: `not valid UTF-8 (byte ${at - lineStart(bytes, at) + 1} of the line); save the file as UTF-8` };
  }
}

/** The first offset at which the bytes stop being UTF-8; a longer prefix of bad bytes stays bad. */
function firstBadByte(bytes: Uint8Array): number {
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const middle = (good + bad) >>> 1;
    try {
      strict().decode(bytes.subarray(0, middle), { stream: true }); // a character cut at the end is not an error
      good = middle;
    } catch {
      bad = middle;
    }
  }
  return good;
}

function lineStart(bytes: Uint8Array, at: number): number {
  let i = at;
  while (i > 0 && bytes[i - 1] !== 10) i--;
  return i;
}
