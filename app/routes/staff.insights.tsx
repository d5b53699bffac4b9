import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { TableScroll } from "~/components/table-scroll";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { weeklyDeflection } from "~/services/ask-sessions.server";
import { WidgetStatsSection } from "~/components/widget-stats";
import { summarizeWidgetEvents } from "~/services/widget-events.server";
import { pageTitle } from "~/components/common";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Insights — Staff")];

export function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "staff");
  return {
    weeks: weeklyDeflection(context.deps),
    widget: summarizeWidgetEvents(context.deps),
  };
}

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

export default function StaffInsights() {
  const { weeks, widget } = useLoaderData<typeof loader>();
  return (
    <section className="staff-insights">
      <h1>Insights</h1>
      <h2 id="deflection-heading">Questions answered before they were asked</h2>
      <p>
        Deflection: visits to the ask page where the customer opened a suggested thread and did not post. Visits count
        once suggestions were shown or a question was posted.
      </p>
      <TableScroll label="Deflection per week">
        <table aria-labelledby="deflection-heading" className="data-table">
          <thead>
            <tr>
              <th scope="col">Week of</th>
              <th scope="col">Ask visits</th>
              <th scope="col">Opened a suggestion</th>
              <th scope="col">Deflected</th>
              <th scope="col">Deflection</th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week.weekStart}>
                <th scope="row">{week.weekStart}</th>
                <td>{week.visits}</td>
                <td>{week.opened}</td>
                <td>{week.deflected}</td>
                <td>{week.visits ? percent(week.rate) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <WidgetStatsSection summary={widget} />
    </section>
  );
}
