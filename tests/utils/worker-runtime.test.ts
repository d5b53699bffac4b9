// The memory settings a WORKERS primary starts each worker with (issue 14: peak RSS), and the operator's own kept.
import { describe, expect, it } from "vitest";
import { WORKER_HEAP_LIMIT_MB, WORKER_MALLOC_ARENAS, workerRuntime } from "~/workers.server";

describe("workerRuntime", () => {
  it("limits malloc's arenas and sets V8's heap limit, after node's own arguments", () => {
    expect(workerRuntime({}, ["--enable-source-maps"])).toEqual({
      env: { MALLOC_ARENA_MAX: String(WORKER_MALLOC_ARENAS) },
      execArgv: ["--enable-source-maps", `--max-old-space-size=${WORKER_HEAP_LIMIT_MB}`],
    });
  });

  it("keeps what the operator set", () => {
    expect(workerRuntime({ MALLOC_ARENA_MAX: "4" }, []).env).toEqual({});
    expect(workerRuntime({}, ["--max-old-space-size=2048"]).execArgv).toEqual(["--max-old-space-size=2048"]);
    expect(workerRuntime({}, ["--max_old_space_size", "2048"]).execArgv).toEqual(["--max_old_space_size", "2048"]);
    expect(workerRuntime({ NODE_OPTIONS: "--enable-source-maps --max-old-space-size=512" }, []).execArgv).toEqual([]);
  });

  it("sets its own where the operator's are empty or about something else", () => {
    expect(workerRuntime({ MALLOC_ARENA_MAX: "", NODE_OPTIONS: "--max-semi-space-size=16" }, [])).toEqual({
      env: { MALLOC_ARENA_MAX: String(WORKER_MALLOC_ARENAS) },
      execArgv: [`--max-old-space-size=${WORKER_HEAP_LIMIT_MB}`],
    });
  });
});
