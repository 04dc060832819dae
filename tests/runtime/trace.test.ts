// Unit tests of the stack trace of an uncaught error (runtime/errors.ts): recursion folded
// into repeats, long traces cut to the innermost 40 and outermost 10 runs with the count of
// the runs left out, and the report's text, singular and plural, with and without a source
// position. Written for the mutation run of runtime/errors.ts (docs/testing.md).

import { describe, expect, it } from "vitest";
import {
  foldTrace,
  formatFrame,
  InternalError,
  LoadError,
  Trap,
  trap,
  VeldError,
  type TraceFrame,
} from "../../runtime/errors.js";
import { VError } from "../../runtime/values.js";

const frame = (name: string, pc = 0, line?: number): TraceFrame =>
  line === undefined ? { function: name, pc } : { function: name, pc, file: "t.veld", line };

describe("foldTrace", () => {
  it("keeps a short trace as it is", () => {
    const fs = [frame("a", 1), frame("b", 2), frame("<main>", 3)];
    expect(foldTrace(3, (i) => fs[i]!)).toEqual(fs);
    expect(foldTrace(0, (i) => fs[i]!)).toEqual([]);
  });
  it("folds identical consecutive frames, telling apart pc, line, column and file", () => {
    const fs: TraceFrame[] = [
      frame("f", 5),
      frame("f", 5),
      frame("f", 5),
      frame("f", 6),
      { function: "f", pc: 6, line: 2 },
      { function: "f", pc: 6, line: 2, column: 3 },
      { function: "f", pc: 6, line: 2, column: 3, file: "x" },
      frame("g", 6),
    ];
    expect(foldTrace(fs.length, (i) => fs[i]!)).toEqual([
      { ...frame("f", 5), repeat: 2 },
      ...fs.slice(3),
    ]);
  });
  it("keeps the innermost 40 and outermost 10 runs, counting the runs between", () => {
    const fs = Array.from({ length: 60 }, (_, i) => frame(`f${i}`, i));
    const t = foldTrace(60, (i) => fs[i]!);
    expect(t).toHaveLength(50);
    expect(t.slice(0, 39)).toEqual(fs.slice(0, 39));
    expect(t[39]).toEqual({ ...fs[39], skipped: 10 });
    expect(t.slice(40)).toEqual(fs.slice(50));
    // exactly 50 runs: nothing left out
    expect(foldTrace(50, (i) => fs[i]!)).toEqual(fs.slice(0, 50));
    // 51 runs: one left out
    const u = foldTrace(51, (i) => fs[i]!);
    expect(u[39]).toEqual({ ...fs[39], skipped: 1 });
    expect(u.slice(40)).toEqual(fs.slice(41, 51));
  });
  it("counts a left-out run's repeats among the skipped frames", () => {
    // 45 distinct runs, the 42nd (index 41) repeated 100 times, then 10 more.
    const fs: TraceFrame[] = [];
    for (let i = 0; i < 41; i++) fs.push(frame(`a${i}`));
    for (let i = 0; i < 101; i++) fs.push(frame("rec"));
    for (let i = 0; i < 10; i++) fs.push(frame(`b${i}`));
    const t = foldTrace(fs.length, (i) => fs[i]!);
    expect(t[39]).toEqual({ ...frame("a39"), skipped: 1 + 1 + 100 });
    expect(t.slice(40)).toEqual(fs.slice(fs.length - 10));
  });
});

describe("the report", () => {
  it("frames with and without a source position", () => {
    expect(formatFrame({ function: "f", pc: 7 })).toBe("f (pc 7)");
    expect(formatFrame({ function: "f", pc: 7, line: 0 })).toBe("f (pc 7)");
    expect(formatFrame({ function: "f", pc: 7, line: 3 })).toBe("f (?:3:0)");
    expect(formatFrame({ function: "f", pc: 7, file: "a.veld", line: 3, column: 9 })).toBe(
      "f (a.veld:3:9)",
    );
  });
  it("repeats and left-out frames, singular, plural and grouped", () => {
    const e = new VeldError("Thrown", "boom", undefined, [
      { ...frame("f", 1, 2), repeat: 1 },
      { ...frame("g", 1, 3), repeat: 199950, skipped: 1 },
      { ...frame("h", 1, 4), skipped: 1234567 },
      frame("<main>", 9),
    ]);
    expect(e.report()).toBe(
      [
        "error[Thrown]: boom",
        "  at f (t.veld:2:0)",
        "  … 1 more frame of `f`",
        "  at g (t.veld:3:0)",
        "  … 199,950 more frames of `g`",
        "  … 1 more frame",
        "  at h (t.veld:4:0)",
        "  … 1,234,567 more frames",
        "  at <main> (pc 9)",
        "",
      ].join("\n"),
    );
    expect([e.name, e.kind, e.message]).toEqual(["VeldError", "Thrown", "boom"]);
  });
  it("traps carry a VError; the other errors their names", () => {
    let caught: unknown;
    try {
      trap("KeyNotFound", "no key", 3);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(Trap);
    expect((caught as Trap).error).toEqual(new VError("KeyNotFound", "no key", 3));
    expect([(caught as Trap).fatal, (caught as Trap).trace]).toEqual([false, undefined]);
    const l = new LoadError("E_LINK", "unknown native", 12);
    expect([l.name, l.code, l.message, l.offset]).toEqual([
      "LoadError",
      "E_LINK",
      "unknown native",
      12,
    ]);
    const i = new InternalError("bug", 5);
    expect([i.name, i.message, i.cause]).toEqual(["InternalError", "bug", 5]);
  });
});
