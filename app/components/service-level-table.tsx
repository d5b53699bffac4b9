import { TableScroll } from "./table-scroll";
import type { ServiceLevels } from "~/domain/insights";
import { formatDuration } from "~/utils/durations";

const duration = (ms: number | null) => (ms === null ? "—" : formatDuration(ms));
const share = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)} %`);

/** The support team's figures, one column per period. */
export function ServiceLevelTable({ levels }: { levels: ServiceLevels[] }) {
  return (
    <section aria-labelledby="service-levels-heading" className="service-levels">
      <h2 id="service-levels-heading">Service levels</h2>
      <TableScroll label="Service levels table">
        <table>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              {levels.map((period) => (
                <th key={period.days} scope="col">
                  Last {period.days} days
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Threads asked</th>
              {levels.map((p) => (
                <td key={p.days}>{p.asked}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">Median time to first response</th>
              {levels.map((p) => (
                <td key={p.days}>{duration(p.medianFirstResponseMs)}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">Answered by peers before any escalation</th>
              {levels.map((p) => (
                <td key={p.days}>{share(p.peerAnsweredShare)}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">Escalated to staff</th>
              {levels.map((p) => (
                <td key={p.days}>{p.escalated}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">Median time from escalation to staff response</th>
              {levels.map((p) => (
                <td key={p.days}>{duration(p.medianEscalationToStaffMs)}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
