type Notice = { state: "pending"; dueAt: string; label: string; timezone: string } | { state: "alerted" };

/** Tells the asker of an unanswered thread when staff will step in, or that they have been alerted. */
export function EscalationNotice({ notice }: { notice: Notice | null }) {
  if (!notice) return null;
  return (
    <p className={`escalation-notice escalation-notice--${notice.state}`} role="status">
      {notice.state === "alerted" ? (
        "Our staff have been alerted and will reply here."
      ) : (
        <>
          If no one from the community has answered by <time dateTime={notice.dueAt}>{notice.label}</time>, our staff will be alerted.
        </>
      )}
    </p>
  );
}
