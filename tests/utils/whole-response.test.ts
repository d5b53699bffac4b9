import { describe, expect, it } from "vitest";
import { wholeBodyOf, wholeResponse } from "~/utils/whole-response";

describe("wholeResponse", () => {
  it("is a Response with its body, which also hands its Buffer to the server as long as nobody read it", async () => {
    const body = Buffer.from("<!DOCTYPE html><p>Roaming 漫游</p>");
    const response = wholeResponse(body, { status: 201, headers: { "Content-Type": "text/html; charset=utf-8" } });
    expect(response.status).toBe(201);
    expect(wholeBodyOf(response)).toBe(body);
    expect(await response.text()).toBe("<!DOCTYPE html><p>Roaming 漫游</p>");
    expect(wholeBodyOf(response)).toBeUndefined();
    expect(wholeBodyOf(new Response("made elsewhere"))).toBeUndefined();
  });
});
