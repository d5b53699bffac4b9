// What only a signed-in viewer of a thread page draws, in one module so that it travels as one
// chunk, fetched when first drawn (see thread-tools-lazy.tsx); a guest's page never loads it.
export { EscalationNotice } from "./escalation-notice";
export { FormError } from "./field";
export { ModeratorTools } from "./moderator-tools";
export { PostActions } from "./post-actions";
export { DeletedPost, FollowButton, HiddenMark } from "./post-staff-views";
export { ReplyForm } from "./reply-form";
export { MeTooButton } from "./vote-buttons";
