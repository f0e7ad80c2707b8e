// Preloaded (`node --require scripts/bench-usage.cjs …`) by the benchmarks that spawn the command: on exit
// the process prints its peak resident memory (KiB), its CPU time (µs, all threads) and, on Linux, the
// main thread's CPU time (µs, 10 ms resolution) to stderr. On a busy machine wall times stretch with
// the load; the main thread's CPU time is what the command costs the user on an idle one.
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload (--require)
const { readFileSync, writeSync } = require('node:fs');

function mainThreadCpuMicros() {
  try {
    // Fields 14 and 15 of /proc/<pid>/task/<tid>/stat are utime and stime in clock ticks (100 per second).
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return NaN;
  }
}

process.on('exit', () => {
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  writeSync(2, `\nbench-usage ${maxRSS} ${userCPUTime + systemCPUTime} ${mainThreadCpuMicros()}\n`);
});
