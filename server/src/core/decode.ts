/**
 * Turns raw bytes into text, or says plainly why it cannot: binary and
 * non-UTF-8 files get one clear problem instead of a cascade of YAML errors.
 */
export type Decoded = { ok: true; text: string } | { ok: false; message: string; offset: number };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeBytes(bytes: Uint8Array): Decoded {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return {
      ok: false,
      offset: 0,
      message: `this looks like a binary file (a NUL byte at byte ${nul}); a playbook or vocabulary must be UTF-8 text — rename it if it is not one`,
    };
  }
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    return {
      ok: false,
      offset: 0,
      message: `the file is not valid UTF-8 (first bad byte at byte ${bad}); re-save it with UTF-8 encoding`,
    };
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Binary search on prefix validity would be cute; a linear scan of sequence shapes is clearer.
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >> 5 === 0b110 ? 2 : b >> 4 === 0b1110 ? 3 : b >> 3 === 0b11110 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    for (let k = 1; k < len; k++) if (bytes[i + k] >> 6 !== 0b10) return i;
    i += len;
  }
  return i;
}
