/**
 * V8 settings for the CLI (and its worker threads, which share them).
 *
 * A short CLI run (`smtp-codes scan --failures big.log | head`) on a busy machine could hang at
 * exit, about one run in 50: seen with gdb, the main thread waited in NodePlatform::DrainTasks
 * for a background optimizing-compiler job, and that job waited for the main thread to collect
 * garbage. Compiling on the main thread (--no-concurrent-recompilation) leaves no such job; V8
 * reads that flag only when the process starts (set later, it changed nothing: 1 hang in 160
 * runs, against 0 in 160 from the command line).
 */

/** Flags V8 must have from the start of the process. */
export const START_FLAGS = ['--no-concurrent-recompilation'];

/** Whether this process was started with START_FLAGS. */
export function startedWithFlags(): boolean {
  return START_FLAGS.every((flag) => process.execArgv.includes(flag));
}
