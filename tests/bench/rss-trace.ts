// `--rss-trace FILE`: the server's processes' memory every 250 ms while the benchmark runs, with the
// figure being measured then, so that a peak RSS can be put down to a process, a scenario and a kind
// of memory: anonymous (V8's heap, malloc, native buffers), file-backed (code, mapped files) or
// shared (SQLite's WAL index, the -shm file, is mapped shared). One JSON line per process per sample,
// and a summary: each process's highest RSS in each figure.
import fs from "node:fs";

const SAMPLE_MS = 250;
const FIELDS = ["VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem"] as const;
type Field = (typeof FIELDS)[number];
export type MemorySample = Record<Field, number>;

/** A process's memory from /proc/<pid>/status, in MB; null once it has gone. */
export function memoryOf(pid: number): MemorySample | null {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return null;
  }
  const sample = {} as MemorySample;
  for (const field of FIELDS) {
    const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    sample[field] = Math.round((kb / 1024) * 10) / 10;
  }
  return sample;
}

export interface RssTrace {
  /** From now on, samples are put down to `figure`. */
  phase(figure: string): void;
  /** Stops sampling and writes the summary beside the trace; returns its lines. */
  stop(): string[];
  /** The highest VmRSS any sample saw, in MB. */
  highestRssMb(): number;
}

export function traceRss({ file, processes }: { file: string; processes: () => number[] }): RssTrace {
  const out = fs.openSync(file, "w");
  const started = Date.now();
  let figure = "start";
  // process id → figure → the sample with the highest RSS in it
  const peaks = new Map<number, Map<string, MemorySample>>();
  const sample = () => {
    const t = Date.now() - started;
    for (const pid of processes()) {
      const memory = memoryOf(pid);
      if (!memory) continue;
      fs.writeSync(out, `${JSON.stringify({ t, pid, figure, ...memory })}\n`);
      const byFigure = peaks.get(pid) ?? new Map<string, MemorySample>();
      peaks.set(pid, byFigure);
      const peak = byFigure.get(figure);
      if (!peak || memory.VmRSS > peak.VmRSS) byFigure.set(figure, memory);
    }
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    phase(next) {
      sample();
      figure = next;
    },
    stop() {
      clearInterval(timer);
      sample();
      fs.closeSync(out);
      const lines: string[] = [];
      for (const [pid, byFigure] of peaks) {
        for (const [name, m] of byFigure) {
          lines.push(`${pid} ${name.padEnd(24)} RSS ${m.VmRSS} (anon ${m.RssAnon}, file ${m.RssFile}, shmem ${m.RssShmem}) HWM ${m.VmHWM} MB`);
        }
      }
      fs.writeFileSync(`${file}.summary`, `${lines.join("\n")}\n`);
      return lines;
    },
    highestRssMb() {
      let highest = 0;
      for (const byFigure of peaks.values()) for (const memory of byFigure.values()) highest = Math.max(highest, memory.VmRSS);
      return highest;
    },
  };
}
