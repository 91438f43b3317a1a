// TRUST_PROXY: X-Forwarded-For is believed only when the connection comes from a listed proxy, and then only up to
// the first address that is not one (what a client wrote further left is ignored). A real Express app, set up the
// way server.js sets up ours, answers with the address the app would throttle (req.ip, the loader's clientIp).
import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { trustProxySetting } from "../../server/trust-proxy.js";

async function clientAddressSeen(trustProxy: string | undefined, forwardedFor?: string): Promise<string> {
  const app = express();
  app.set("trust proxy", trustProxySetting(trustProxy));
  app.get("/", (req, res) => {
    res.send(req.ip);
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      headers: forwardedFor ? { "X-Forwarded-For": forwardedFor } : {},
    });
    return await response.text();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("TRUST_PROXY", () => {
  it("unset (the default), X-Forwarded-For is ignored: the client is the connection's address", async () => {
    expect(await clientAddressSeen(undefined, "203.0.113.9")).toBe("127.0.0.1");
    expect(await clientAddressSeen("", "203.0.113.9")).toBe("127.0.0.1");
    expect(await clientAddressSeen("0", "203.0.113.9")).toBe("127.0.0.1");
    expect(await clientAddressSeen(undefined)).toBe("127.0.0.1");
  });

  it("honours X-Forwarded-For from a listed proxy", async () => {
    expect(await clientAddressSeen("loopback", "203.0.113.9")).toBe("203.0.113.9");
    expect(await clientAddressSeen("127.0.0.1", "203.0.113.9")).toBe("203.0.113.9");
    expect(await clientAddressSeen("127.0.0.0/8", "203.0.113.9")).toBe("203.0.113.9");
  });

  it("ignores X-Forwarded-For from a connection that is not a listed proxy", async () => {
    expect(await clientAddressSeen("10.0.0.0/8", "203.0.113.9")).toBe("127.0.0.1");
    expect(await clientAddressSeen("192.0.2.1, 192.0.2.2", "203.0.113.9")).toBe("127.0.0.1");
  });

  it("takes the first address from the right that is not a listed proxy: a forged entry on the left is ignored", async () => {
    expect(await clientAddressSeen("loopback", "6.6.6.6, 203.0.113.9")).toBe("203.0.113.9");
    // Two hops of our own (a load balancer in 10/8 in front of a proxy on this machine).
    expect(await clientAddressSeen("loopback, 10.0.0.0/8", "6.6.6.6, 203.0.113.9, 10.1.2.3")).toBe("203.0.113.9");
  });

  it("refuses a value that would trust everyone, and anything that is not a proxy list", () => {
    for (const value of ["1", "true", "yes", "10.0.0.0/33", "10.0.0.300", "proxy.example.jp", ",", "loopback, *"]) {
      expect(() => trustProxySetting(value), value).toThrow(/TRUST_PROXY/);
    }
    expect(trustProxySetting(" loopback , 10.0.0.0/8,2001:db8::/32 ")).toEqual([
      "loopback",
      "10.0.0.0/8",
      "2001:db8::/32",
    ]);
    expect(trustProxySetting("false")).toBe(false);
  });
});
