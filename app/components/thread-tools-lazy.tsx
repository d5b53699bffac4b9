import { lazyModule } from "~/components/common";

// The thread page's signed-in tools, drawn through these so that their code stays out of the
// page's own chunk (issue 14: a guest's thread page loads at most 90 KB of JavaScript). Draw them
// only for a viewer who gets something from them: drawing one fetches the module.
const component = lazyModule("thread-member-tools", () => import("./thread-member-tools"));

export const EscalationNotice = component((tools) => tools.EscalationNotice);
export const FormError = component((tools) => tools.FormError);
export const ModeratorTools = component((tools) => tools.ModeratorTools);
export const PostActions = component((tools) => tools.PostActions);
export const ReplyForm = component((tools) => tools.ReplyForm);
export const MeTooButton = component((tools) => tools.MeTooButton);
export const DeletedPost = component((tools) => tools.DeletedPost);
export const HiddenMark = component((tools) => tools.HiddenMark);
export const FollowButton = component((tools) => tools.FollowButton);
