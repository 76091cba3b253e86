/**
 * How this process compiles WebAssembly (the byte scan, `lineEvents.wat`): with the optimizing
 * compiler at once, not first with the baseline one (Liftoff) and optimized later by a background
 * job. A process that ended while that job ran (`smtp-codes scan --failures big.log | head` on a
 * busy machine) could hang at exit, about one run in 40, its main thread waiting in Node's
 * NodePlatform::DrainTasks. Call before anything compiles WebAssembly; worker threads share it.
 */
import { setFlagsFromString } from 'node:v8';

export function compileWebAssemblyAtOnce(): void {
  setFlagsFromString('--no-liftoff --no-wasm-tier-up --no-wasm-dynamic-tiering');
}
