import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "@db/client.server";
import { getSettings, updateSettings } from "~/services/settings.server";
import { createTestDeps, type TestDeps } from "../setup/deps";

describe("reading the site's settings", () => {
  let deps: TestDeps;
  afterEach(() => deps.db.$client.close());

  it("reuses the parsed settings while nothing changed, and they cannot be changed in place by a caller", () => {
    deps = createTestDeps();
    const first = getSettings(deps);
    expect(getSettings(deps)).toBe(first);
    expect(() => {
      (first as { siteName: string }).siteName = "Changed in place";
    }).toThrow(TypeError);
    expect(() => (first.widgetOrigins as string[]).push("https://evil.example")).toThrow(TypeError);
    expect(getSettings(deps).siteName).not.toBe("Changed in place");
  });

  it("shows a change saved by another process (another connection to the file) on the next read", () => {
    deps = createTestDeps();
    expect(getSettings(deps).siteName).toBe("Peerdesk Community");
    const other = openDatabase(deps.file);
    try {
      updateSettings({ db: other, clock: deps.clock }, { siteName: "Acme Help" });
      expect(getSettings(deps).siteName).toBe("Acme Help");
      updateSettings({ db: other, clock: deps.clock }, { headerColor: "#0a66c2" });
      expect(getSettings(deps).headerColor).toBe("#0a66c2");
      // A setting cleared to null loses its row: that shows too.
      updateSettings({ db: other, clock: deps.clock }, { headerColor: null });
      expect(getSettings(deps).headerColor).toBeNull();
    } finally {
      other.$client.close();
    }
  });

  it("reads the rows again inside a transaction, and a rolled-back change never stays", () => {
    deps = createTestDeps();
    const before = getSettings(deps);
    const changeRolledBack = () =>
      expect(() =>
        deps.db.transaction(() => {
          updateSettings(deps, { siteName: "Never saved" });
          expect(getSettings(deps).siteName).toBe("Never saved");
          throw new Error("roll back");
        }),
      ).toThrow("roll back");
    changeRolledBack();
    expect(getSettings(deps).siteName).toBe(before.siteName);
    // A change by another process that brings the counter back to where the rolled-back one left it still shows.
    changeRolledBack();
    const other = openDatabase(deps.file);
    try {
      updateSettings({ db: other, clock: deps.clock }, { siteName: "Saved" });
      expect(getSettings(deps).siteName).toBe("Saved");
    } finally {
      other.$client.close();
    }
  });
});
