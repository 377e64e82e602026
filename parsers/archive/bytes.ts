// A pull reader over a stream of chunks, for container formats read in one pass: peek at a
// member's first bytes (magic), read a fixed-size header, hand a member's body on as sub-slices of
// the chunks already in memory (no copy), skip what nobody read. An error from upstream (a corrupt
// or truncated compressed stream) does not throw out of here: the source ends and keeps the
// error, so the container reader can name the member it was in and the walk can go on.
export class ByteSource {
  private readonly it: AsyncIterator<Buffer>;
  private cur: Buffer = Buffer.alloc(0);
  private off = 0;
  private done = false;
  /** The upstream error that ended the source early, if any. */
  error: Error | null = null;
  /** Bytes consumed so far (read, taken or skipped). */
  position = 0;

  constructor(stream: AsyncIterable<Buffer>) {
    this.it = stream[Symbol.asyncIterator]();
  }

  get ended(): boolean {
    return this.done && this.off >= this.cur.length;
  }

  /** Makes sure some unread bytes are in `cur`; false at the end of the stream. */
  private async fill(): Promise<boolean> {
    while (this.off >= this.cur.length) {
      if (this.done) return false;
      let r: IteratorResult<Buffer>;
      try {
        r = await this.it.next();
      } catch (e) {
        this.error = e instanceof Error ? e : new Error(String(e));
        this.done = true;
        return false;
      }
      if (r.done) { this.done = true; return false; }
      this.cur = r.value;
      this.off = 0;
    }
    return true;
  }

  /** Up to n bytes from the current position without consuming them (fewer only at the end). */
  async peek(n: number): Promise<Buffer> {
    if (!(await this.fill())) return Buffer.alloc(0);
    if (this.cur.length - this.off >= n) return this.cur.subarray(this.off, this.off + n);
    const parts: Buffer[] = [this.cur.subarray(this.off)];
    let have = parts[0]!.length;
    this.off = this.cur.length;
    while (have < n && (await this.fill())) {
      const c = this.cur.subarray(this.off);
      parts.push(c);
      have += c.length;
      this.off = this.cur.length;
    }
    // Put it all back as one chunk: peeks are small (a header, a magic), so the copy is too.
    this.cur = Buffer.concat(parts);
    this.off = 0;
    return this.cur.subarray(0, Math.min(n, this.cur.length));
  }

  /** Exactly n bytes, or fewer only when the stream ended. */
  async read(n: number): Promise<Buffer> {
    const b = await this.peek(n);
    this.off += b.length;
    this.position += b.length;
    return b;
  }

  /** Yields the next n bytes (or all that is left when n is Infinity) as slices. */
  async *take(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0 && (await this.fill())) {
      const avail = this.cur.length - this.off;
      const k = avail <= left ? avail : left;
      const slice = this.cur.subarray(this.off, this.off + k);
      this.off += k;
      this.position += k;
      left -= k;
      yield slice;
    }
  }

  /** Consumes n bytes without looking at them; returns how many were there. */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0 && (await this.fill())) {
      const k = Math.min(this.cur.length - this.off, left);
      this.off += k;
      this.position += k;
      left -= k;
    }
    return n - left;
  }

  /** Stops the upstream (kills a decompressor process) when the reader gives up early. */
  async close(): Promise<void> {
    this.done = true;
    this.cur = Buffer.alloc(0);
    this.off = 0;
    try { await this.it.return?.(); } catch { /* already failed: nothing to stop */ }
  }
}
