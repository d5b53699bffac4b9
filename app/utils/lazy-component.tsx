import { lazy, type ComponentType } from "react";

const preloads = new Map<string, () => Promise<unknown>>();

/**
 * Code that the browser fetches only for a page that draws it, so that pages that never draw it
 * (a guest's thread page) do not carry it (issue 14: the thread page's JavaScript). `name` marks
 * where the page drew it; `component` picks one of the module's components.
 *
 * The server renders such components in full (it loads the module when the app starts: a
 * suspended server render would stream a placeholder that only JavaScript replaces). Before the
 * browser hydrates, it fetches the modules the page drew (preloadDrawnModules), so hydration
 * never suspends: a late hydration would reset what was typed meanwhile, and <html data-hydrated>
 * would not mean all of the page. Navigating to such a page waits for the module as it waits for
 * the route's own code (Remix renders navigations in a transition).
 */
export function lazyModule<M>(name: string, load: () => Promise<M>) {
  let loaded: M | undefined;
  const preload = () => load().then((module) => (loaded = module));
  preloads.set(name, preload);
  if (typeof document === "undefined") void preload();

  return function component<P extends object>(pick: (module: M) => ComponentType<P>): ComponentType<P> {
    // A thenable that settles at once once the module is in: React.lazy reads it without suspending.
    type Picked = { default: ComponentType<P> };
    const settled = (module: M) => ({ then: (resolve: (value: Picked) => void) => resolve({ default: pick(module) }) }) as unknown as Promise<Picked>;
    const Lazy = lazy(() => (loaded ? settled(loaded) : preload().then((module) => ({ default: pick(module) })))) as unknown as ComponentType<P>;
    return function LazyComponent(props: P) {
      return (
        <>
          <template data-lazy-module={name} />
          <Lazy {...props} />
        </>
      );
    };
  };
}

/** Fetches the lazy modules the server drew into this page; the client entry waits for them before hydrating. */
export function preloadDrawnModules(): Promise<unknown> {
  const names = new Set([...document.querySelectorAll<HTMLElement>("template[data-lazy-module]")].map((marker) => marker.dataset.lazyModule!));
  return Promise.all([...names].map((name) => preloads.get(name)?.()));
}
