import type { NextFunction, Request, Response } from "express";
import type { ServerBuild } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";

type BuildRoutes = ServerBuild["routes"];
type RouteObject = Parameters<typeof matchRoutes>[0][number];

function routeTree(routes: BuildRoutes, parentId?: string): RouteObject[] {
  return Object.values(routes)
    .filter((route) => route!.parentId === parentId)
    .map((route) => ({
      id: route!.id,
      path: route!.path,
      index: route!.index,
      caseSensitive: route!.caseSensitive,
      children: route!.index ? undefined : routeTree(routes, route!.id),
    })) as RouteObject[];
}

const trees = new WeakMap<ServerBuild, RouteObject[]>();

export interface RouteMethods {
  /** The methods the route takes, for an Allow header. */
  allow: string[];
  /** A page: OPTIONS is answered here. A resource route with a loader answers OPTIONS itself (CORS). */
  page: boolean;
}

/** What the route serving `url` accepts, found the way Remix finds it; null when no route matches. */
export function routeMethods(build: ServerBuild, url: URL): RouteMethods | null {
  let tree = trees.get(build);
  if (!tree) trees.set(build, (tree = routeTree(build.routes)));
  const pathname = url.pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
  const matches = matchRoutes(tree, pathname);
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
      const methods = routeMethods(await getBuild(), new URL(req.originalUrl, "http://localhost"));
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
