// What a runtime helper raised, as "Kind: message" ("no error" when it returned); a host
// exception is rethrown so that the test fails on it.
import { Trap } from "../../runtime/errors.js";

export function failure(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof Trap) return `${e.error.kind}: ${e.error.message}`;
    throw e;
  }
  return "no error";
}
