import dns from "node:dns";
import net from "node:net";
import ipaddr from "ipaddr.js";

/** What the delivery log says of an endpoint that resolves to an address webhooks may not reach. */
export const REFUSED_PRIVATE = "Refused: private address";

/** Reachable only when the operator sets WEBHOOKS_ALLOW_PRIVATE=on (an intranet receiver). */
const INTRANET_RANGES = new Set<string>(["private", "loopback", "carrierGradeNat", "uniqueLocal"]);
// ::a.b.c.d, the deprecated IPv4-compatible form: ipaddr.js calls it unicast, but it names an IPv4 host.
const IPV4_COMPATIBLE = ipaddr.parseCIDR("::/96");
// Cloud metadata services outside the link-local range (AWS over IPv6, Alibaba), refused even on an
// intranet: no webhook receiver lives there, and their answers hold the machine's credentials.
const CLOUD_METADATA = new Set(["fd00:ec2::254", "100.100.100.200"].map((address) => ipaddr.parse(address).toNormalizedString()));

export interface TargetPolicy {
  allowPrivate: boolean;
}

/**
 * Whether a webhook may connect to `address`: public unicast only, plus private, loopback, CGNAT and
 * unique-local ranges when the intranet setting is on. Link-local (169.254.169.254), unspecified,
 * multicast, broadcast, reserved and translation ranges are refused always; an IPv4-mapped IPv6
 * address is judged as the IPv4 address it carries.
 */
export function isAllowedAddress(address: string, { allowPrivate }: TargetPolicy): boolean {
  if (!ipaddr.isValid(address)) return false;
  const ip = ipaddr.process(address);
  if (CLOUD_METADATA.has(ip.toNormalizedString())) return false;
  const range = ip.range();
  if (range === "unicast") return !(ip.kind() === "ipv6" && ip.match(IPV4_COMPATIBLE));
  return allowPrivate && INTRANET_RANGES.has(range);
}

export type LookupAll = (hostname: string) => Promise<dns.LookupAddress[]>;

export const lookupAll: LookupAll = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

function bareHost(hostname: string): string {
  return hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
}

/**
 * Resolves a URL's host (`URL.hostname`, already normalised by the WHATWG parser, so `2130706433`
 * and `0x7f.1` arrive as `127.0.0.1`) and judges every address it has: one refused address refuses
 * the whole host, so a name cannot hide a private address behind a public one.
 */
export async function resolveWebhookTarget(
  hostname: string,
  policy: TargetPolicy,
  lookup: LookupAll = lookupAll,
): Promise<{ allowed: true; addresses: dns.LookupAddress[] } | { allowed: false }> {
  const host = bareHost(hostname);
  const family = net.isIP(host);
  const addresses = family ? [{ address: host, family }] : await lookup(host);
  if (addresses.length === 0 || addresses.some(({ address }) => !isAllowedAddress(address, policy))) return { allowed: false };
  return { allowed: true, addresses };
}

/**
 * A `lookup` for net/http that answers with the addresses already checked and never asks DNS
 * again, so a name that changes its answer between the check and the connection (DNS rebinding)
 * still reaches only what was checked. TLS still verifies the certificate against the host name.
 */
export function pinnedLookup(addresses: dns.LookupAddress[]): net.LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    callback(null, first!.address, first!.family);
  };
}

/**
 * Save-time check without DNS: a literal private address or `localhost` gets a field error while
 * private targets are not allowed. Names are judged again, after resolving, at every delivery.
 */
export function privateTargetProblem(url: string, policy: TargetPolicy): string | null {
  if (policy.allowPrivate) return null;
  const host = bareHost(new URL(url).hostname);
  const isLocalName = host === "localhost" || host.endsWith(".localhost");
  if (isLocalName || (net.isIP(host) && !isAllowedAddress(host, policy))) {
    return "Webhooks cannot reach private, loopback or link-local addresses (an intranet receiver needs WEBHOOKS_ALLOW_PRIVATE=on on the server)";
  }
  return null;
}
