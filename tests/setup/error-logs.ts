import { afterEach, beforeEach, expect, vi, type MockInstance } from "vitest";

/**
 * Watches the console for each test of the suite it is called in: a test after which anything
 * was logged as an error fails. The spies are there to read what was logged otherwise.
 */
export function failOnErrorLogs() {
  const spies: { error?: MockInstance; warn?: MockInstance } = {};
  beforeEach(() => {
    spies.error = vi.spyOn(console, "error");
    spies.warn = vi.spyOn(console, "warn");
  });
  afterEach(() => {
    const logged = [...spies.error!.mock.calls];
    vi.restoreAllMocks();
    expect(logged).toEqual([]);
  });
  return { errors: () => spies.error!, warnings: () => spies.warn! };
}
