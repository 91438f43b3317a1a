import { Transform, type TransformCallback } from "node:stream";

/**
 * React 18's renderToPipeableStream flushes its whole 2 KB buffer when a multibyte character does not fit at its end,
 * so the unused 1 to 3 bytes go out as NUL and the browser shows "�" inside Japanese text (facebook/react#24985).
 * UTF-8 never uses the byte 0x00 inside a character and our HTML never contains NUL, so dropping it is exact.
 */
export function dropNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      if (chunk.indexOf(0) === -1) return callback(null, chunk);
      const kept = Buffer.allocUnsafe(chunk.length);
      let length = 0;
      for (const byte of chunk) if (byte !== 0) kept[length++] = byte;
      callback(null, kept.subarray(0, length));
    },
  });
}
