import { lazy, type ComponentType } from "react";
import { describe, expect, it } from "vitest";
import { hydrationDataScripts, renderWhole } from "~/utils/render-whole.server";

const options = { nonce: "n0nce", status: 200, abortDelayMs: 5_000 };

function streamOf(...texts: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const text of texts) controller.enqueue(encoder.encode(text));
      controller.close();
    },
  });
}

describe("renderWhole", () => {
  it("renders a page to one string, keeping the status", async () => {
    const page = await renderWhole(
      <main>
        <h1>Roaming in Spain</h1>
        <p>{"Charged twice? <not a tag>"}</p>
      </main>,
      options,
    );
    expect(page).toEqual({ markup: "<main><h1>Roaming in Spain</h1><p>Charged twice? &lt;not a tag&gt;</p></main>", status: 200 });
  });

  it("waits for a component that suspends (a lazy module not yet loaded), by rendering it as a stream", async () => {
    let load!: (module: { default: ComponentType }) => void;
    const Late = lazy(() => new Promise<{ default: ComponentType }>((resolve) => (load = resolve)));
    const rendering = renderWhole(
      <main>
        <h1>Before</h1>
        <Late />
      </main>,
      options,
    );
    load({ default: () => <p>Loaded words</p> });
    const page = await rendering;
    expect(page.markup).toBe("<main><h1>Before</h1><p>Loaded words</p></main>");
    expect(page.status).toBe(200);
  });

  it("throws what a component throws", async () => {
    const Broken = () => {
      throw new Error("drawn wrong");
    };
    await expect(renderWhole(<Broken />, options)).rejects.toThrow("drawn wrong");
  });
});

describe("hydrationDataScripts", () => {
  it("feeds the loader data to the browser's stream in a nonced script that text cannot break out of, then closes it", async () => {
    const scripts = await hydrationDataScripts(streamOf('[{"title":"</script><script>alert(1)</script>', ' 漫游 ]]>"}]\n'), "n0nce");
    expect(scripts).toBe(
      '<script nonce="n0nce">window.__remixContext.streamController.enqueue(' +
        JSON.stringify('[{"title":"</script><script>alert(1)</script> 漫游 ]]>"}]\n').replace(/</g, "\\u003c") +
        ');</script><script nonce="n0nce">window.__remixContext.streamController.close();</script>',
    );
    expect(scripts.match(/<\/script>/g)).toHaveLength(2);
  });

  it("only closes the stream when there is no data, and writes nothing without a stream", async () => {
    expect(await hydrationDataScripts(streamOf(), "n0nce")).toBe('<script nonce="n0nce">window.__remixContext.streamController.close();</script>');
    expect(await hydrationDataScripts(undefined, "n0nce")).toBe("");
  });
});
