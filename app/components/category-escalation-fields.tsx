interface Props {
  /** Unique per form on the page, so labels and messages find their own field. */
  idPrefix: string;
  minutes: string;
  clock: "calendar" | "business";
  enabled: boolean;
  defaultMinutes: number;
  error?: string;
}

/** One category's escalation window, clock and switch (admin settings and the categories page share it). */
export function CategoryEscalationFields({ idPrefix, minutes, clock, enabled, defaultMinutes, error }: Props) {
  return (
    <>
      <div className={`field${error ? " field--invalid" : ""}`}>
        <label htmlFor={`${idPrefix}-minutes`}>Escalation window (minutes)</label>
        <input
          id={`${idPrefix}-minutes`}
          name="minutes"
          inputMode="numeric"
          aria-describedby={`${idPrefix}-minutes-note`}
          aria-invalid={error ? true : undefined}
          defaultValue={minutes}
        />
        <p id={`${idPrefix}-minutes-note`} className={error ? "field__error" : "field__hint"} role={error ? "alert" : undefined}>
          {error ?? `Blank: the site default (${defaultMinutes})`}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-clock`}>Counts</label>
        <select id={`${idPrefix}-clock`} name="clock" defaultValue={clock}>
          <option value="calendar">Calendar time</option>
          <option value="business">Business hours only</option>
        </select>
      </div>
      <label className="checkbox">
        <input type="checkbox" name="enabled" defaultChecked={enabled} /> Alert staff in this category
      </label>
    </>
  );
}
