// Everything the thread page's loader and action use (app/routes/t.$id.$slug.tsx), imported there
// through this one module (issue 14). The browser build drops the loader and action but keeps, for
// each module they import, either a stub (one per `.server` import: 19 of them) or an import of a
// shared chunk (for @remix-run/node, ~/utils/forms, ~/services/errors, ~/domain/threads): ~0.6 KB
// gzipped of a guest's thread page for nothing. Through here it is one stub.
export { data, redirect } from "@remix-run/node";
export { echoDraft, formToObject, readForm } from "~/utils/forms";
export { RateLimited } from "~/services/errors";
export { requireUser } from "../auth/guards.server";
export { getEscalationNotice } from "../services/escalation.server";
export { getSettings } from "../services/settings.server";
export { ThreadIntentSchema, ThreadPageQuerySchema, type ThreadIntent } from "../schemas/threads.server";
export { acceptAnswer, withdrawAcceptance } from "../services/accept.server";
export { listCategories } from "../services/categories.server";
export { flagPost } from "../services/flags.server";
export { followThread, unfollowThread } from "../services/follows.server";
export { moveThread, restorePost, setPostHidden, setThreadLocked, setThreadPinned } from "../services/moderation.server";
export { closeAsDuplicate, findMergeDestination, findThreadLink, mergeThread, reopenDuplicate } from "../services/thread-merge.server";
export { createReply, deletePost, quoteFor } from "../services/posts.server";
export { getThreadPage, locatePost, type ThreadPagePost } from "../services/thread-page.server";
export { addMeToo, removeMeToo, voteHelpful, withdrawHelpful } from "../services/votes.server";
export { isDatabaseBusy, serviceErrorToData } from "./http.server";
export { toPlainText } from "./markdown.server";
export { previewMarkdown } from "./markdown-preview.server";
export { qaPageJsonLd, scriptSafeJson } from "./qa-jsonld.server";
export { IdParamsSchema } from "../schemas/params.server";
export { threadPermissions } from "../services/thread-permissions.server";
