// Thread side of tests/interpreter/vectors.test.ts: runs vector sources on the tree-walking
// interpreter on a thread with a large stack (a tree-walker spends several JS frames per Veld
// call, and the vectors require 100,000 nested calls) and posts each outcome back.

import { parentPort, workerData } from "node:worker_threads";
import { runTreeWalker, type TreeWalkerJob } from "./vector-run.js";

for (const job of (workerData as { jobs: TreeWalkerJob[] }).jobs) {
  parentPort!.postMessage(runTreeWalker(job));
}
