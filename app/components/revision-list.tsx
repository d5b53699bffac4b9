import { RelativeTime, profilePath } from "~/components/common";

export interface Revision {
  id: number;
  bodyMd: string;
  title: string | null;
  /** Why a moderator edited someone else's post. */
  reason?: string | null;
  createdAt: string | Date;
  editorName: string;
  editorHandle: string;
}

/** A post's versions, newest first, each with who wrote it and when. */
export function RevisionList({ revisions }: { revisions: Revision[] }) {
  if (revisions.length === 0) return <p className="muted">This post has not been edited.</p>;
  return (
    <ol className="revisions" reversed>
      {[...revisions].reverse().map((revision, index) => (
        <li key={revision.id} className="revision">
          <p className="revision__meta">
            {index === revisions.length - 1 ? "Original" : "Edited"} by <a href={profilePath(revision.editorHandle)}>{revision.editorName}</a>,{" "}
            <RelativeTime at={revision.createdAt} />
            {index === 0 ? " (current)" : ""}
          </p>
          {revision.reason ? <p className="revision__reason">Reason: {revision.reason}</p> : null}
          {revision.title ? <p className="revision__title">Title: {revision.title}</p> : null}
          <pre className="revision__body">{revision.bodyMd}</pre>
        </li>
      ))}
    </ol>
  );
}
