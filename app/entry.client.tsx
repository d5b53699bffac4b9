import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { preloadDrawnModules } from "~/components/common";

// Hydration waits for the code of the lazy components the server drew (see lazy-component.tsx);
// should it fail to arrive, the page hydrates anyway and the component asks for it again.
void preloadDrawnModules()
  .catch(() => undefined)
  .then(() =>
    startTransition(() => {
      hydrateRoot(
        document,
        <StrictMode>
          <RemixBrowser />
        </StrictMode>,
      );
    }),
  );
