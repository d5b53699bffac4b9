import { PostBody } from "~/utils/server-document";
import { PageLink, Avatar, RelativeTime, OfficialMark, StaffBadge, profilePath } from "~/components/common";
import { isDeletedAccountHandle } from "~/domain/handles";
import { DeletedPost, HiddenMark, PostActions } from "./thread-tools-lazy";
import { StaticCount } from "./static-count";
import type { PostCardActions, PostCardPost } from "./post-types";

export type { PostCardActions, PostCardPost };

/**
 * The author, their reputation and community badge beside their name, and the badges of the role
 * they posted with.
 */
export function AuthorLine({ post, brandName }: { post: PostCardPost; brandName: string }) {
  return (
    <div className="post__author">
      {post.author.id ? <Avatar person={{ ...post.author, id: post.author.id }} /> : null}
      {isDeletedAccountHandle(post.author.handle) ? (
        <span className="post__author-name">{post.author.displayName}</span>
      ) : (
        <PageLink to={profilePath(post.author.handle)} className="post__author-name">
          {post.author.displayName}
        </PageLink>
      )}
      <span className="reputation">Reputation {post.author.reputation}</span>
      {post.author.communityBadge ? (
        <span className="badge badge--community" title="Community badge for answers marked solved">
          {post.author.communityBadge}
        </span>
      ) : null}
      <StaffBadge role={post.authorRole} brandName={brandName} />
      {post.official && post.position > 1 ? <OfficialMark /> : null}
    </div>
  );
}

/** One post: who wrote it, when (and who edited it), its words, and what the viewer may do with it. */
export function PostCard({ post, actions, brandName }: { post: PostCardPost; actions: PostCardActions; brandName: string }) {
  const isAnswer = post.position > 1;
  if (post.deleted && post.withheld !== false) {
    return (
      <article id={`post-${post.id}`} className="post post--deleted" aria-label="Deleted post">
        <p className="muted">This post was deleted.</p>
      </article>
    );
  }
  if (post.deleted) {
    // Staff still read a deleted post, marked; a moderator may bring it back.
    return <DeletedPost post={post} actions={actions} authorLine={<AuthorLine post={post} brandName={brandName} />} body={<PostBody post={post} />} />;
  }
  if (post.hidden && post.withheld) {
    return (
      <article id={`post-${post.id}`} className="post post--deleted" aria-label="Hidden post">
        <p className="muted">{post.hidden === "flags" ? "Hidden pending review." : "This post was hidden by moderators."}</p>
      </article>
    );
  }
  return (
    <article
      id={`post-${post.id}`}
      className={`post${post.authorRole !== "member" ? " post--staff" : ""}${actions.isAccepted ? " post--accepted" : ""}${post.hidden ? " post--hidden" : ""}`}
      aria-label={isAnswer ? `Answer by ${post.author.displayName}` : "Question"}
    >
      <header className="post__header">
        <AuthorLine post={post} brandName={brandName} />
        <div className="post__dates muted">
          <a href={`#post-${post.id}`}>
            <RelativeTime at={post.createdAt} />
          </a>
          {post.editedAt ? (
            <>
              {" · "}
              <PageLink to={`/p/${post.id}/revisions`} className="post__edited">
                edited
              </PageLink>{" "}
              by {post.editedBy?.displayName ?? "someone"} <RelativeTime at={post.editedAt} />
            </>
          ) : null}
        </div>
      </header>
      {post.hidden ? <HiddenMark hidden={post.hidden} /> : null}
      <PostBody post={post} />
      <footer className="post__actions">
        {isAnswer && !actions.canVote ? <StaticCount label="Helpful" count={post.helpfulCount} signInHref={actions.signInHref} /> : null}
        {actions.signInHref ? null : <PostActions post={post} actions={actions} />}
      </footer>
    </article>
  );
}
