import { PostCard, type PostCardActions, type PostCardPost } from "./post-card";

/** The answer that solved the thread (the accepted answer), right under the question with its mark. */
export function AcceptedAnswer({ post, actions, brandName }: { post: PostCardPost; actions: PostCardActions; brandName: string }) {
  return (
    <section className="accepted-answer" aria-labelledby="accepted-answer-heading">
      <h2 id="accepted-answer-heading" className="accepted-answer__mark">
        <span aria-hidden="true">✓</span> Solved: the answer that worked
      </h2>
      <PostCard post={post} actions={actions} brandName={brandName} />
    </section>
  );
}
