// A byte buffer written with Buffer's own UTF-8 writer, which Buffer.write calls after checking
// its arguments: that check took more time than the copy (1.4 s of self time in a profile of the
// bench's six logs, against 0.7 s in utf8Write). utf8Write is not in Node's type declarations;
// it is present in every Node version.

export type Utf8Bytes = Buffer & { utf8Write(s: string, offset: number): number };

/** An uninitialised buffer of `size` bytes, outside Node's pool (it is kept, or transferred). */
export const utf8Bytes = (size: number): Utf8Bytes => Buffer.allocUnsafeSlow(size) as Utf8Bytes;
