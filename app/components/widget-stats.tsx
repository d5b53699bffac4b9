import type { WidgetCounts, WidgetSummary } from "~/services/widget-events.server";

const COLUMNS: { event: keyof WidgetCounts; label: string }[] = [
  { event: "open", label: "Opens" },
  { event: "search", label: "Searches" },
  { event: "view", label: "Answers viewed" },
  { event: "ask", label: "Ask clicks" },
];

function Cells({ counts }: { counts: WidgetCounts }) {
  return (
    <>
      {COLUMNS.map(({ event }) => (
        <td key={event}>{counts[event]}</td>
      ))}
    </>
  );
}

/** The help widget's use per brand site over the last days, for staff beside the deflection figure. */
export function WidgetStatsSection({ summary }: { summary: WidgetSummary }) {
  return (
    <section aria-labelledby="widget-stats-heading" className="widget-stats">
      <h2 id="widget-stats-heading">Help widget on brand sites</h2>
      <p>
        Last {summary.days} days (since {summary.since}, UTC), per site that embeds the widget. Widget opens that end in an
        answer viewed and no ask click are questions the community answered before they were asked.
      </p>
      {summary.origins.length === 0 ? (
        <p className="empty">No widget use yet. Admins add sites and copy the snippet on the help widget page.</p>
      ) : (
        <table aria-labelledby="widget-stats-heading" className="data-table">
          <thead>
            <tr>
              <th scope="col">Site</th>
              {COLUMNS.map(({ event, label }) => (
                <th key={event} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {summary.origins.map((origin) => (
              <tr key={origin.origin}>
                <th scope="row">{origin.origin}</th>
                <Cells counts={origin.totals} />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All sites</th>
              <Cells counts={summary.totals} />
            </tr>
          </tfoot>
        </table>
      )}
      {summary.origins.map((origin) => (
        <details key={origin.origin} className="widget-stats__days">
          <summary>Per day: {origin.origin}</summary>
          <table className="data-table">
            <caption className="visually-hidden">Widget use per day on {origin.origin}</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {COLUMNS.map(({ event, label }) => (
                  <th key={event} scope="col">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {origin.days.map((day) => (
                <tr key={day.day}>
                  <th scope="row">{day.day}</th>
                  <Cells counts={day.counts} />
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ))}
    </section>
  );
}
