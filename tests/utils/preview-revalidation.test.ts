import { describe, expect, it } from "vitest";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { PREVIEW_ACTION } from "~/utils/preview-revalidation";
import { shouldRevalidate as root } from "~/root";
import { shouldRevalidate as threadPage } from "~/routes/t.$id.$slug";
import { shouldRevalidate as editPage } from "~/routes/p.$id.edit";

function after(shouldRevalidate: ShouldRevalidateFunction, formAction: string): boolean {
  const here = new URL("http://localhost/t/1/router");
  return shouldRevalidate({
    currentUrl: here,
    currentParams: {},
    nextUrl: here,
    nextParams: {},
    formMethod: "POST",
    formAction,
    formEncType: "application/x-www-form-urlencoded",
    defaultShouldRevalidate: true,
  });
}

describe("the answer boxes' live preview", () => {
  it("reloads no loader of a page with an answer box, while the page's own posts still do", () => {
    for (const [name, shouldRevalidate] of Object.entries({ root, threadPage, editPage })) {
      expect(after(shouldRevalidate, PREVIEW_ACTION), name).toBe(false);
      expect(after(shouldRevalidate, "/t/1/router"), name).toBe(true);
    }
  });
});
