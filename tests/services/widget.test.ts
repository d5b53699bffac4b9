import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { widgetEvents } from "@db/schema";
import { Invalid, RateLimited } from "~/services/errors";
import { getSettings, updateSettings } from "~/services/settings.server";
import { recordWidgetEvent, summarizeWidgetEvents } from "~/services/widget-events.server";
import { createTestDeps, type TestDeps } from "../setup/deps";

const BRAND = "https://www.brand.example";
const SHOP = "http://shop.brand.example:8080";

describe("widget origins in settings", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("keeps exact origins, forgiving case, surrounding spaces, a trailing slash and repeats", () => {
    const saved = updateSettings(deps, { widgetOrigins: [" https://WWW.Brand.example/ ", SHOP, "https://www.brand.example"] });
    expect(saved.widgetOrigins).toEqual([BRAND, SHOP]);
    expect(getSettings(deps).widgetOrigins).toEqual([BRAND, SHOP]);
  });

  it.each([
    ["a path", "https://www.brand.example/help"],
    ["a query", "https://www.brand.example?x=1"],
    ["another scheme", "ftp://files.brand.example"],
    ["a wildcard", "*"],
    ["a wildcard host", "https://*.brand.example"],
    ["credentials", "https://user@www.brand.example"],
    ["no scheme", "www.brand.example"],
    ["a default port spelled out", "https://www.brand.example:443"],
  ])("refuses %s and saves nothing", (_label, origin) => {
    updateSettings(deps, { widgetOrigins: [BRAND] });
    let error: unknown;
    try {
      updateSettings(deps, { widgetOrigins: [SHOP, origin] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).fields.widgetOrigins).toContain("is not an origin like https://www.brand.com");
    expect(getSettings(deps).widgetOrigins).toEqual([BRAND]);
  });
});

describe("widget analytics", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
    updateSettings(deps, { widgetOrigins: [BRAND, SHOP] });
  });
  afterEach(() => deps.db.$client.close());

  const record = (origin: string, event: string, clientIp = "10.0.0.1") => recordWidgetEvent(deps, { origin, event, clientIp });

  it("counts each event per origin per UTC day in one row that grows", () => {
    deps.clock.set("2026-03-01T23:59:00Z");
    record(BRAND, "open");
    record(BRAND, "open");
    record(BRAND, "search");
    record(SHOP, "open");
    deps.clock.set("2026-03-02T00:01:00Z");
    record(BRAND, "open");
    const rows = deps.db.select().from(widgetEvents).all().sort((a, b) => `${a.day}${a.origin}${a.event}`.localeCompare(`${b.day}${b.origin}${b.event}`));
    expect(rows).toEqual([
      { day: "2026-03-01", origin: SHOP, event: "open", count: 1 },
      { day: "2026-03-01", origin: BRAND, event: "open", count: 2 },
      { day: "2026-03-01", origin: BRAND, event: "search", count: 1 },
      { day: "2026-03-02", origin: BRAND, event: "open", count: 1 },
    ]);
  });

  it("refuses origins not in the allowed list, unknown events and malformed origins, counting nothing", () => {
    expect(() => record("https://evil.example", "open")).toThrow(Invalid);
    expect(() => record(BRAND, "delete-everything")).toThrow(Invalid);
    expect(() => record(`${BRAND}/path`, "open")).toThrow(Invalid);
    expect(() => recordWidgetEvent(deps, { origin: 42, event: null, clientIp: "10.0.0.1" })).toThrow(Invalid);
    expect(deps.db.select().from(widgetEvents).all()).toEqual([]);
  });

  it("stops counting an address that floods the endpoint, until the minute is over", () => {
    for (let i = 0; i < 120; i++) record(BRAND, "view", "10.0.0.9");
    expect(() => record(BRAND, "view", "10.0.0.9")).toThrow(RateLimited);
    record(BRAND, "view", "10.0.0.10");
    deps.clock.advance(60_000);
    record(BRAND, "view", "10.0.0.9");
    expect(deps.db.select().from(widgetEvents).get()?.count).toBe(122);
  });

  it("summarises the last 30 days per origin, busiest first, with totals", () => {
    deps.clock.set("2026-03-01T12:00:00Z");
    record(SHOP, "open");
    deps.clock.set("2026-03-20T12:00:00Z");
    for (const event of ["open", "open", "search", "view", "ask"]) record(BRAND, event);
    record(SHOP, "view");
    deps.clock.set("2026-04-05T12:00:00Z");
    const summary = summarizeWidgetEvents(deps);
    expect(summary.since).toBe("2026-03-07");
    expect(summary.totals).toEqual({ open: 2, search: 1, view: 2, ask: 1 });
    expect(summary.origins.map((o) => [o.origin, o.totals])).toEqual([
      [BRAND, { open: 2, search: 1, view: 1, ask: 1 }],
      [SHOP, { open: 0, search: 0, view: 1, ask: 0 }],
    ]);
    expect(summary.origins[0]!.days).toEqual([{ day: "2026-03-20", counts: { open: 2, search: 1, view: 1, ask: 1 } }]);
  });
});
