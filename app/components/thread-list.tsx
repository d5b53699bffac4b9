import { Avatar, categoryPath, threadPagePath, RelativeTime, PageLink } from "~/components/common";

export interface ThreadListItem {
  id: number;
  slug: string;
  title: string;
  kind: string;
  status: string;
  replyCount: number;
  voteCount: number;
  meTooCount: number;
  hasStaffReply: boolean;
  pinned: boolean;
  lastActivityAt: string | Date;
  author: { id?: string; handle: string; displayName: string; avatarMediaId?: string | null };
  category: { slug: string; name: string };
}

const STATUS_LABEL: Record<string, string> = {
  solved: "✓ Solved",
  answered: "Answered",
  open: "Unanswered",
  closed: "Closed",
};

/** The rows of a thread listing: kind, status and the counts a reader scans for. */
export function ThreadList({ threads }: { threads: ThreadListItem[] }) {
  if (threads.length === 0) return <p className="empty">No threads here yet.</p>;
  return (
    <ul className="thread-list">
      {threads.map((thread) => {
        // Ideas and praise are never "solved" (they take no accepted answer) but are answered or not.
        const status = thread.status;
        return (
          <li key={thread.id} className="thread-row">
            <div className="thread-row__main">
              <span className={`kind kind--${thread.kind}`}>{thread.kind}</span>
              <span className={`status status--${status}`}>{STATUS_LABEL[status]}</span>
              {thread.pinned ? <span className="tag">Pinned</span> : null}
              <PageLink to={threadPagePath(thread)} className="thread-row__title">
                {thread.title}
              </PageLink>
              <div className="thread-row__meta">
                <PageLink to={categoryPath(thread.category.slug)}>{thread.category.name}</PageLink> · asked by{" "}
                {thread.author.id ? <Avatar person={{ ...thread.author, id: thread.author.id }} /> : null} {thread.author.displayName} ·
                last activity <RelativeTime at={thread.lastActivityAt} />
                {thread.hasStaffReply ? <span className="tag tag--staff">Staff answer</span> : null}
              </div>
            </div>
            <dl className="thread-row__stats">
              <div>
                <dt>replies</dt>
                <dd>{thread.replyCount}</dd>
              </div>
              <div>
                <dt>votes</dt>
                <dd>{thread.voteCount}</dd>
              </div>
              <div>
                <dt>me too</dt>
                <dd>{thread.meTooCount}</dd>
              </div>
            </dl>
          </li>
        );
      })}
    </ul>
  );
}
