import { TableScroll } from "./table-scroll";
import type { WidgetCounts, WidgetSummary } from "~/domain/insights";

const COLUMNS: { event: keyof WidgetCounts; label: string }[] = [
  { event: "open", label: "Opens" },
  { event: "search", label: "Searches" },
  { event: "view", label: "Answers viewed" },
  { event: "ask", label: "Ask clicks" },
];

/** One table of counts: a row per site or per day, each event a column. */
function CountsTable({
  first,
  rows,
  footer,
  caption,
  labelledBy,
}: {
  first: string;
  rows: { key: string; counts: WidgetCounts }[];
  footer?: WidgetCounts;
  caption?: string;
  labelledBy?: string;
}) {
  const cells = (counts: WidgetCounts) => COLUMNS.map(({ event }) => <td key={event}>{counts[event]}</td>);
  return (
    <TableScroll label={caption ?? "Widget use"}>
      <table aria-labelledby={labelledBy} className="data-table">
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">{first}</th>
            {COLUMNS.map(({ event, label }) => (
              <th key={event} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.key}</th>
              {cells(row.counts)}
            </tr>
          ))}
        </tbody>
        {footer ? (
          <tfoot>
            <tr>
              <th scope="row">All sites</th>
              {cells(footer)}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </TableScroll>
  );
}

/** The help widget's use per brand site over the last days, for staff beside the deflection figure. */
export function WidgetStatsSection({ summary }: { summary: WidgetSummary }) {
  return (
    <section aria-labelledby="widget-stats-heading" className="widget-stats">
      <h2 id="widget-stats-heading">Help widget on brand sites</h2>
      <p>
        Last {summary.days} days (since {summary.since}, UTC), per site that embeds the widget. Widget opens that end in
        an answer viewed and no ask click are questions the community answered before they were asked.
      </p>
      {summary.origins.length === 0 ? (
        <p className="empty">No widget use yet. Admins add sites and copy the snippet on the help widget page.</p>
      ) : (
        <CountsTable
          first="Site"
          labelledBy="widget-stats-heading"
          rows={summary.origins.map((origin) => ({
            key: origin.origin,
            counts: origin.totals,
          }))}
          footer={summary.totals}
        />
      )}
      {summary.origins.map((origin) => (
        <details key={origin.origin} className="widget-stats__days">
          <summary>Per day: {origin.origin}</summary>
          <CountsTable
            first="Day"
            caption={`Widget use per day on ${origin.origin}`}
            rows={origin.days.map((day) => ({
              key: day.day,
              counts: day.counts,
            }))}
          />
        </details>
      ))}
    </section>
  );
}
