import { PageForm } from "~/components/common";

/**
 * Close as a duplicate of another thread (or reopen), or merge into it: the moderator names the
 * canonical thread by number or address. Plain forms, so they work without JavaScript.
 */
function CanonicalThreadTools({ action, duplicateOfId, error }: { action: string; duplicateOfId: number | null; error?: string }) {
  return (
    <>
      {duplicateOfId ? (
        <PageForm action={action} className="inline-form">
          <button type="submit" name="intent" value="reopen" className="button button--quiet">
            Reopen (not a duplicate)
          </button>
        </PageForm>
      ) : null}
      {/* Keyed by the state, so the form starts closed and empty once a duplicate is closed or reopened. */}
      <details key={duplicateOfId ?? "open"} className="confirm-delete" open={error ? true : undefined}>
        <summary className="button button--quiet">{duplicateOfId ? "Merge" : "Duplicate or merge"}</summary>
        <PageForm action={action} className="confirm-delete__form">
          <label htmlFor="target-thread">The canonical thread (its number or address)</label>
          <input id="target-thread" name="targetThreadId" required placeholder="123 or /t/123" aria-invalid={error ? true : undefined} aria-describedby={error ? "target-thread-error" : undefined} />
          {error ? (
            <span id="target-thread-error" className="field__error" role="alert">
              {error}
            </span>
          ) : null}
          {duplicateOfId ? null : (
            <button type="submit" name="intent" value="duplicate" className="button">
              Close as duplicate
            </button>
          )}{" "}
          <button type="submit" name="intent" value="merge" className="button button--danger-solid">
            Merge into it
          </button>
        </PageForm>
      </details>
    </>
  );
}

/** Lock, pin, move, duplicate and merge, for those who may; each a plain form, so they work without JavaScript. */
export function ModeratorTools(props: {
  thread: { locked: boolean; pinned: boolean; categoryId: number; duplicateOfId: number | null };
  action: string;
  moveTargets: { id: number; name: string }[];
  canLock: boolean;
  canPin: boolean;
  canMerge: boolean;
  errors: Record<string, string>;
}) {
  const { thread, action, moveTargets, canLock, canPin, canMerge, errors } = props;
  if (!canLock && !canPin && !canMerge && moveTargets.length === 0) return null;
  return (
    <section aria-label="Moderator tools" className="moderator-tools">
      {canMerge ? <CanonicalThreadTools action={action} duplicateOfId={thread.duplicateOfId} error={errors.targetThreadId} /> : null}
      {canLock && thread.locked ? (
        <PageForm action={action} className="inline-form">
          <button type="submit" name="intent" value="unlock" className="button button--quiet">
            Unlock
          </button>
        </PageForm>
      ) : null}
      {canLock && !thread.locked ? (
        <details className="confirm-delete" open={errors.reason ? true : undefined}>
          <summary className="button button--quiet">Lock</summary>
          <PageForm action={action} className="confirm-delete__form">
            <label htmlFor="lock-reason">Why (members see this)</label>
            <input id="lock-reason" name="reason" required minLength={3} maxLength={500} aria-invalid={errors.reason ? true : undefined} />
            {errors.reason ? <span className="field__error" role="alert">{errors.reason}</span> : null}
            <button type="submit" name="intent" value="lock" className="button">
              Lock thread
            </button>
          </PageForm>
        </details>
      ) : null}
      {canPin ? (
        <PageForm action={action} className="inline-form">
          <button type="submit" name="intent" value={thread.pinned ? "unpin" : "pin"} className="button button--quiet">
            {thread.pinned ? "Unpin" : "Pin"}
          </button>
        </PageForm>
      ) : null}
      {moveTargets.length > 1 ? (
        <PageForm action={action} className="inline-form">
          <label htmlFor="move-category">Move to</label>{" "}
          <select id="move-category" name="categoryId" defaultValue={thread.categoryId}>
            {moveTargets.map((category) => (
              <option key={category.id} value={category.id}>
                {category.name}
              </option>
            ))}
          </select>{" "}
          <button type="submit" name="intent" value="move" className="button button--quiet">
            Move
          </button>
          {errors.categoryId ? <span className="field__error" role="alert">{errors.categoryId}</span> : null}
        </PageForm>
      ) : null}
    </section>
  );
}
