// Messages between the playground page and its run worker. The worker owns nothing but the
// runtime: it gets `.veldc` bytes, never source, so a run needs no compiler.

export interface RunRequest {
  readonly bytes: Uint8Array;
  readonly maxSteps: number;
  /**
   * How `std.io.read_line` gets its lines. "interactive" (when the page is cross-origin
   * isolated, so memory can be shared): the worker asks the page and waits on `control`
   * until the user has typed a line into `line`. "lines": the lines of the page's Input box,
   * then end of input.
   */
  readonly input:
    | {
        readonly kind: "interactive";
        readonly control: SharedArrayBuffer;
        readonly line: SharedArrayBuffer;
      }
    | { readonly kind: "lines"; readonly lines: readonly string[] };
}

/** Words of RunRequest.input.control: STATE (below) and the line's LENGTH in bytes. */
export const STATE = 0;
export const LENGTH = 1;
export const WAITING = 0;
export const READY = 1;
export const EOF = 2;
/** Bytes of the shared line buffer (a longer typed line is cut). */
export const LINE_BYTES = 1 << 16;

export type RunMessage =
  /** Program output, batched; `stream` says which host function wrote it. */
  | { readonly type: "output"; readonly stream: "out" | "err"; readonly text: string }
  /** The program called read_line and waits for a line (interactive input). */
  | { readonly type: "read-line" }
  /** The run ended: `report` is the rendered error when it did not end normally. */
  | {
      readonly type: "done";
      readonly status: "ok" | "error" | "load-error" | "internal-error";
      readonly report?: string;
      readonly steps: number;
      readonly ms: number;
    };
