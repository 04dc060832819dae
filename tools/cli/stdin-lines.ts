// The Node host's line source for std.io.read_line (spec/library.md §2.1): blocking reads of
// a file descriptor in chunks, each line returned as soon as its terminator has arrived, so
// a program can answer a prompt before its input ends, and the whole input is read in time
// linear in its size. The runtime never sees Node: hosts hand it a `readLine` function.

import { readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";

const CHUNK = 1 << 16;

/** Sleeps the thread for `ms` milliseconds (a non-blocking fd with nothing to read yet). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export class LineReader {
  private readonly decoder = new StringDecoder("utf8");
  private readonly chunk = Buffer.allocUnsafe(CHUNK);
  /** Decoded text; the part from `pos` on is not yet returned. */
  private pending = "";
  private pos = 0;
  /** Where the search for "\n" resumes: no character from `pos` up to it is one. */
  private scanned = 0;
  private ended = false;

  constructor(private readonly fd = 0) {}

  /** The next line without its "\n" or "\r\n"; undefined at the end of the input. */
  next(): string | undefined {
    for (;;) {
      const nl = this.pending.indexOf("\n", this.scanned);
      if (nl >= 0) {
        const end = nl > this.pos && this.pending.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        const line = this.pending.slice(this.pos, end);
        this.pos = this.scanned = nl + 1;
        return line;
      }
      if (this.ended) {
        if (this.pos === this.pending.length) return undefined;
        const last = this.pending.slice(this.pos);
        this.pos = this.scanned = this.pending.length;
        return last;
      }
      this.pending = this.pending.slice(this.pos);
      this.pos = 0;
      this.scanned = this.pending.length;
      this.fill();
    }
  }

  /** Appends the next chunk of input to `pending`, or marks the end of the input. */
  private fill(): void {
    let n: number;
    for (;;) {
      try {
        n = readSync(this.fd, this.chunk, 0, CHUNK, null);
        break;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // A terminal or pipe another process left non-blocking: wait for input to arrive.
        if (code === "EAGAIN") pause(5);
        // A closed or unreadable stdin is no input at all, as for an empty file.
        else if (code === "EOF" || code === "EBADF" || code === "EISDIR" || code === "ENXIO") {
          n = 0;
          break;
        } else throw err;
      }
    }
    if (n === 0) {
      this.pending += this.decoder.end();
      this.ended = true;
    } else {
      this.pending += this.decoder.write(this.chunk.subarray(0, n));
    }
  }
}
