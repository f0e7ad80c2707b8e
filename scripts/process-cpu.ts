// CPU time of the processes of a real VS Code session (code-server and Chromium), by role, read from
// /proc (Linux only; elsewhere `cpuByRole` returns undefined). bench:panel takes two readings around the
// wait it times: on a 2-core machine what each process spent in it shows whose work the wall time is.
// A process's reading includes all its threads (the simulator's worker threads are the extension host's);
// processes forked from Chromium's zygote keep its command line, so they count as renderers (the zygote
// itself spends nothing).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export type CpuReading = Map<string, number>;

interface ProcessInfo {
  pid: number;
  ppid: number;
  cmdline: string;
  /** utime + stime in clock ticks. */
  ticks: number;
}

let ticksPerSecond: number | undefined;

function processes(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name (2nd field) may hold spaces and parentheses: the fields after it follow the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({
        pid: Number(name), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]),
        cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' '),
      });
    } catch {
      // the process ended while being read
    }
  }
  return out;
}

function chromiumRole(cmdline: string): string {
  if (/--type=(renderer|zygote)/.test(cmdline)) return 'Chromium renderer';
  if (cmdline.includes('--type=gpu-process')) return 'Chromium GPU';
  return 'Chromium browser';
}

/** Milliseconds of CPU so far of every process under `browserPid` and `serverPid`, summed by role. */
export function cpuByRole(browserPid: number | undefined, serverPid: number | undefined): CpuReading | undefined {
  if (process.platform !== 'linux') return undefined;
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const all = processes();
  const children = new Map<number, ProcessInfo[]>();
  for (const p of all) children.set(p.ppid, [...children.get(p.ppid) ?? [], p]);
  const reading: CpuReading = new Map();
  const add = (role: string, ticks: number) => reading.set(role, (reading.get(role) ?? 0) + ticks * 1000 / ticksPerSecond!);
  const walk = (pid: number, roleOf: (p: ProcessInfo, parentRole: string | undefined) => string, parentRole?: string) => {
    for (const child of children.get(pid) ?? []) {
      const role = roleOf(child, parentRole);
      add(role, child.ticks);
      walk(child.pid, roleOf, role);
    }
  };
  const rootOf = (pid: number | undefined) => all.find((p) => p.pid === pid);
  const browser = rootOf(browserPid);
  if (browser) {
    add('Chromium browser', browser.ticks);
    walk(browser.pid, (p) => chromiumRole(p.cmdline));
  }
  const server = rootOf(serverPid);
  if (server) {
    add('code-server', server.ticks);
    walk(server.pid, (p, parentRole) => (p.cmdline.includes('extensionHost') ? 'extension host'
      : parentRole === 'extension host' || parentRole === 'extension processes' ? 'extension processes' : 'code-server'));
  }
  return reading;
}

/** What each role spent between two readings, largest first, and the total (ms). */
export function cpuBetween(before: CpuReading, after: CpuReading): { role: string; ms: number }[] {
  const roles = new Set([...before.keys(), ...after.keys()]);
  return [...roles].map((role) => ({ role, ms: (after.get(role) ?? 0) - (before.get(role) ?? 0) }))
    .filter((r) => r.ms > 0).sort((a, b) => b.ms - a.ms);
}
