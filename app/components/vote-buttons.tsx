import { PageForm, usePendingIntent } from "~/components/common";

interface ToggleProps {
  /** The action to post to (the thread page). */
  action: string;
  /** Names the fetcher that sends it: one per button of the page. */
  fetcherKey: string;
  active: boolean;
  count: number;
  /** Intents for turning on and off, as the thread action names them. */
  on: { intent: string; label: string; activeLabel: string };
  off: string;
  fields?: Record<string, string | number>;
  disabled?: boolean;
  className: string;
}

/**
 * A counted on/off button (helpful, me too). It is a plain form, so it works without JavaScript;
 * with it, the count moves at once and the server's answer settles it.
 */
function CountToggle({ action, fetcherKey, active, count, on, off, fields = {}, disabled, className }: ToggleProps) {
  const pending = usePendingIntent(fetcherKey);
  const optimisticActive = pending ? pending === on.intent : active;
  const optimisticCount = count + (optimisticActive === active ? 0 : optimisticActive ? 1 : -1);
  return (
    <PageForm action={action} fetcherKey={fetcherKey} className={className}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        name="intent"
        value={optimisticActive ? off : on.intent}
        aria-pressed={optimisticActive}
        className={`button button--quiet toggle${optimisticActive ? " toggle--on" : ""}`}
        disabled={disabled}
      >
        {optimisticActive ? on.activeLabel : on.label} <span className="toggle__count">{optimisticCount}</span>
      </button>
    </PageForm>
  );
}

export function HelpfulButton({ action, postId, voted, count }: { action: string; postId: number; voted: boolean; count: number }) {
  return (
    <CountToggle
      action={action}
      fetcherKey={`helpful:${postId}`}
      active={voted}
      count={count}
      on={{ intent: "vote", label: "Helpful", activeLabel: "Helpful ✓" }}
      off="unvote"
      fields={{ postId }}
      className="inline-form"
    />
  );
}

export function MeTooButton({ action, active, count }: { action: string; active: boolean; count: number }) {
  return (
    <CountToggle
      action={action}
      fetcherKey={`me-too:${action}`}
      active={active}
      count={count}
      on={{ intent: "metoo", label: "Me too", activeLabel: "Me too ✓" }}
      off="unmetoo"
      className="inline-form"
    />
  );
}
