// Which connections may tell us the client's address (X-Forwarded-For). Only the proxies listed in TRUST_PROXY: a
// client that reaches the app directly could otherwise claim any address, and the per-address throttling
// (decision record 021) would count nothing, or count an innocent address.
import net from "node:net";

const NAMED_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);

function validEntry(entry) {
  if (NAMED_RANGES.has(entry) || net.isIP(entry)) return true;
  const slash = entry.indexOf("/");
  if (slash < 0) return false;
  const address = entry.slice(0, slash);
  const bits = entry.slice(slash + 1);
  const version = net.isIP(address);
  if (!version || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (version === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY -> the value of Express's "trust proxy": false (unset, "0", "false": the socket's address is the
 * client's), or the list of trusted proxies (addresses, CIDR ranges, loopback / linklocal / uniquelocal, separated by
 * commas). Express then reads X-Forwarded-For from the right and stops at the first address that is not a listed
 * proxy, so entries a client wrote itself further left are ignored. Throws on anything else, "1" and "true"
 * included: those used to trust every connection.
 */
export function trustProxySetting(value) {
  const raw = (value ?? "").trim();
  if (raw === "" || raw === "0" || raw === "false") return false;
  if (raw === "1" || raw === "true") {
    throw new Error(
      `TRUST_PROXY=${raw} would trust X-Forwarded-For from anyone who connects. List your reverse proxies instead, ` +
        "e.g. TRUST_PROXY=loopback (a proxy on this machine) or TRUST_PROXY=10.0.0.0/8 (the load balancer's network).",
    );
  }
  const entries = raw
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const invalid = entries.filter((entry) => !validEntry(entry));
  if (invalid.length > 0 || entries.length === 0) {
    throw new Error(
      `TRUST_PROXY: not an address, a CIDR range or loopback/linklocal/uniquelocal: ${invalid.join(", ") || raw}`,
    );
  }
  return entries;
}
