// Messages between the playground page and its run worker. The worker owns nothing but the
// runtime: it gets `.veldc` bytes, never source, so a run needs no compiler.

export interface RunRequest {
  readonly bytes: Uint8Array;
  readonly maxSteps: number;
}

export type RunMessage =
  /** Program output, batched; `stream` says which host function wrote it. */
  | { readonly type: "output"; readonly stream: "out" | "err"; readonly text: string }
  /** The run ended: `report` is the rendered error when it did not end normally. */
  | {
      readonly type: "done";
      readonly status: "ok" | "error" | "load-error" | "internal-error";
      readonly report?: string;
      readonly steps: number;
      readonly ms: number;
    };
