import type { NextFunction, Request, Response } from "express";
import type { ServerBuild } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";

type BuildRoutes = ServerBuild["routes"];
type RouteObject = Parameters<typeof matchRoutes>[0][number];

function routeTree(routes: BuildRoutes, parentId?: string, keep: (id: string) => boolean = () => true): RouteObject[] {
  return Object.values(routes)
    .filter((route) => route!.parentId === parentId && keep(route!.id))
    .map((route) => ({
      id: route!.id,
      path: route!.path,
      index: route!.index,
      caseSensitive: route!.caseSensitive,
      children: route!.index ? undefined : routeTree(routes, route!.id, keep),
    })) as RouteObject[];
}

const trees = new WeakMap<ServerBuild, RouteObject[]>();

/** A route that answers no GET: neither a page nor a loader (an action-only resource route). */
function takesNoGet(build: ServerBuild, id: string): boolean {
  const module = build.routes[id]!.module;
  return !module.default && !module.loader;
}

/**
 * Only the routes that take no GET, with their ancestors. matchRoutes ranks and tries every route
 * on each call (a millisecond per page); on this small tree it costs little. The best match in a
 * subset of the routes is the full tree's best match whenever that one is in the subset, so when
 * this tree's match is not a route without GET, the full tree's is not either.
 */
const getlessTrees = new WeakMap<ServerBuild, RouteObject[]>();

function getlessTree(build: ServerBuild): RouteObject[] {
  let tree = getlessTrees.get(build);
  if (tree) return tree;
  const leadsToGetless = (id: string): boolean =>
    takesNoGet(build, id) || Object.values(build.routes).some((route) => route!.parentId === id && leadsToGetless(route!.id));
  getlessTrees.set(build, (tree = routeTree(build.routes, undefined, leadsToGetless)));
  return tree;
}

function routePathname(url: URL): string {
  return url.pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
}

/** Whether a GET or HEAD of `url` may reach a route without one: only then need its methods be looked up. */
function mayMissGet(build: ServerBuild, url: URL): boolean {
  const leaf = matchRoutes(getlessTree(build), routePathname(url))?.at(-1)?.route;
  return !!leaf && takesNoGet(build, leaf.id!);
}

export interface RouteMethods {
  /** The methods the route takes, for an Allow header. */
  allow: string[];
  /** A page: OPTIONS is answered here. A resource route with a loader answers OPTIONS itself (CORS). */
  page: boolean;
}

// Form posts go back to the page they were on, mostly the same threads' addresses: what a path
// takes is kept for the most recently posted-to ones, since matching it against every route took a
// millisecond, an eighth of the CPU of posting an answer (issue 14). Least recently used go first.
const KEPT_PATHS = 1000;
const methodsByPath = new WeakMap<ServerBuild, Map<string, RouteMethods | null>>();

/** routeMethods(), kept per build for the KEPT_PATHS addresses most recently asked about. */
function keptRouteMethods(build: ServerBuild, url: URL): RouteMethods | null {
  let kept = methodsByPath.get(build);
  if (!kept) methodsByPath.set(build, (kept = new Map()));
  // The answer depends on the path and, for an index route, on ?index.
  const key = `${url.searchParams.has("index") ? "i" : "-"}${url.pathname}`;
  let methods = kept.get(key);
  if (methods !== undefined) {
    kept.delete(key);
  } else {
    methods = routeMethods(build, url);
    if (kept.size >= KEPT_PATHS) kept.delete(kept.keys().next().value!);
  }
  kept.set(key, methods);
  return methods;
}

/** What the route serving `url` accepts, found the way Remix finds it; null when no route matches. */
export function routeMethods(build: ServerBuild, url: URL): RouteMethods | null {
  let tree = trees.get(build);
  if (!tree) trees.set(build, (tree = routeTree(build.routes)));
  const matches = matchRoutes(tree, routePathname(url));
  if (!matches) return null;
  const module = (route: RouteObject) => build.routes[route.id!]!.module;
  const leaf = matches.at(-1)!.route;
  // A form posted to an index route's path without ?index goes to its parent, as in Remix.
  const target = leaf.index && !url.searchParams.has("index") ? matches.at(-2)?.route : leaf;
  const page = Boolean(module(leaf).default);
  const allow = [
    ...(page || module(leaf).loader ? ["GET", "HEAD"] : []),
    ...(target && module(target).action ? ["POST"] : []),
    "OPTIONS",
  ];
  return { allow, page };
}

/**
 * Answers a method a route does not take with 405 and an Allow header, and OPTIONS on a page or
 * an action-only route with 204 and Allow: Remix treats both as server errors (a 405 or a 500
 * with a stack trace logged). Our routes take GET, HEAD and POST, plus OPTIONS for CORS.
 */
export function answerUnsupportedMethods(getBuild: () => Promise<ServerBuild>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const build = await getBuild();
      const url = new URL(req.originalUrl, "http://localhost");
      if ((req.method === "GET" || req.method === "HEAD") && !mayMissGet(build, url)) return next();
      const methods = keptRouteMethods(build, url);
      if (!methods) return next();
      const selfAnswered = req.method === "OPTIONS" && !methods.page && methods.allow.includes("GET");
      if (selfAnswered || (req.method !== "OPTIONS" && methods.allow.includes(req.method))) return next();
      res.set("Allow", methods.allow.join(", "));
      if (req.method === "OPTIONS") return void res.status(204).end();
      res.status(405).type("text/plain").send(`Method not allowed: this address takes ${methods.allow.join(", ")}.`);
    } catch (error) {
      next(error);
    }
  };
}
