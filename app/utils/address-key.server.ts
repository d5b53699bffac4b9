import ipaddr from "ipaddr.js";

// One home or office gets a whole IPv6 block (a /56 or /64), so an attacker there has more addresses
// than any limit could count one by one; like express-rate-limit, throttles count the /56 as one.
const IPV6_PREFIX = 56;

/**
 * What a throttle counts as one client address: an IPv4 address (also when written IPv4-mapped,
 * `::ffff:1.2.3.4`), or the /56 block of an IPv6 one. Anything unparseable is counted as itself.
 */
export function addressKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip.slice(0, 100) || "unknown";
  const address = ipaddr.process(ip);
  if (address.kind() === "ipv4") return address.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${IPV6_PREFIX}`).toString()}/${IPV6_PREFIX}`;
}
