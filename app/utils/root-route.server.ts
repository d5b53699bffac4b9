// Everything the root loader uses (app/root.tsx), imported there through this one module (issue
// 14): the browser build drops the loader but keeps a stub for each `.server` module it imported
// and an import of an (empty) shared chunk for each other one; through here it is one stub.
export { hasRole, isSuspended } from "~/auth/permissions";
export { textOn } from "./colour";
export { countOpenFlags } from "../services/moderation-queue.server";
export { countUnread } from "../services/notifications.server";
export { getSettings } from "../services/settings.server";
