// Resident memory for the benchmarks, sampled from /proc: this node process (the engine worker) and,
// when asked, its descendants (the Temporal test or dev server) with the CPU time they used. Linux only;
// anywhere else every reading is 0.

import { readFileSync, readdirSync } from 'node:fs';

/** VmRSS of a process in kB (0 when it is gone or /proc cannot be read). */
function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The processes this one started, and the ones they started, and so on. */
function descendants(): number[] {
  const parentOf = new Map<number, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
  for (const p of pids) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      parentOf.set(Number(p), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const found: number[] = [];
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parentOf) {
      if (mine.has(ppid) && !mine.has(pid)) {
        mine.add(pid);
        found.push(pid);
        grew = true;
      }
    }
  }
  return found;
}

/** CPU seconds (user + system) a process has used, undefined when it is gone. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined;
  }
}

/** Peak resident memory in kB, as sampled. */
export interface RssPeaks {
  /** This process. */
  selfKb: number;
  /** Its descendants together (0 when they are not sampled). */
  childrenKb: number;
  /** This process and its descendants together, in the same sample. */
  totalKb: number;
}

export interface RssSampler {
  /** The peaks sampled so far. */
  peaks(): RssPeaks;
  /** CPU seconds so far: this whole process, and its descendants as last seen (the test server is gone after tear-down). */
  cpu(): { node: number; children: number };
  /** Takes a last sample and stops; this process's peak is then also at least the kernel's maxRSS for it. */
  stop(): RssPeaks;
}

/**
 * Starts sampling this process's resident memory every `everyMs` (one sample at once), and with
 * `descendants` its descendants' memory and CPU time too. The timer does not keep the process alive.
 */
export function sampleRss(options: { everyMs: number; descendants: boolean }): RssSampler {
  const peak: RssPeaks = { selfKb: 0, childrenKb: 0, totalKb: 0 };
  const childCpu = new Map<number, number>();
  const sample = () => {
    const self = rssKb(process.pid);
    let children = 0;
    if (options.descendants) {
      for (const pid of descendants()) {
        children += rssKb(pid);
        const cpu = cpuSeconds(pid);
        if (cpu !== undefined) childCpu.set(pid, cpu);
      }
    }
    peak.selfKb = Math.max(peak.selfKb, self);
    peak.childrenKb = Math.max(peak.childrenKb, children);
    peak.totalKb = Math.max(peak.totalKb, self + children);
  };
  sample();
  const timer = setInterval(sample, options.everyMs);
  timer.unref();
  return {
    peaks: () => ({ ...peak }),
    cpu() {
      const own = process.cpuUsage();
      return { node: (own.user + own.system) / 1e6, children: [...childCpu.values()].reduce((a, b) => a + b, 0) };
    },
    stop() {
      sample();
      clearInterval(timer);
      return { ...peak, selfKb: Math.max(peak.selfKb, process.resourceUsage().maxRSS) };
    },
  };
}
