// What a batch answer that does or does not account for every item leads to: the requests a scripted client gets
// after it, and the error a caller gets when the items it leaves out cannot be settled.
import { CoalescingClient } from "../../../../provider/core/coalescing/client";
import type { CloudflareApiError } from "../../../../provider/api/errors";
import { scriptedClient } from "../../inProcessFake";
import { ZONE } from "../../api/helpers";

const mapping = (ip: string, region = "us-east-1") => ({ origin_ip: ip, vendor: "aws" as const, region });

test("a batch answer that accounts for every item (succeeded or failed) is the end of it: no settling listing", async () => {
  const calls: string[] = [];
  const api = new CoalescingClient(
    scriptedClient({
      batchPut: async (_zone, items) => (
        calls.push("batchPut"),
        { succeeded: [items[0]], failed: [{ ...items[1], error: "Invalid region." }] }
      ),
      batchDelete: async (_zone, ips) => (
        calls.push("batchDelete"),
        { succeeded: ips.map((origin_ip) => ({ origin_ip })), failed: [] }
      ),
      list: async () => (calls.push("list"), []),
    }),
  );
  const puts = await Promise.allSettled(["192.0.2.1", "192.0.2.2"].map((ip) => api.put(ZONE, mapping(ip))));
  expect(puts.map((o) => o.status)).toEqual(["fulfilled", "rejected"]);
  await expect(Promise.all(["192.0.2.1", "192.0.2.3"].map((ip) => api.delete(ZONE, ip)))).resolves.toHaveLength(2);
  await new Promise((resolve) => setTimeout(resolve, 20)); // a listing would go out after the callers have their answers
  expect(calls).toEqual(["batchPut", "batchDelete"]);
});

describe("items a batch answer leaves out, when the listing that would settle them fails", () => {
  test.each([
    ["PUT", 2, "this item"],
    ["DELETE", 3, "2 of its items"],
  ] as const)(
    "a batch %s of %d answering one item: the others may have been applied, and the error says how many the answer left out",
    async (method, count, what) => {
      const ips = ["192.0.2.1", "192.0.2.2", "192.0.2.3"].slice(0, count);
      const api = new CoalescingClient(
        scriptedClient({
          batchPut: async (_zone, items) => ({ succeeded: [items[0]], failed: [] }),
          batchDelete: async (_zone, asked) => ({ succeeded: [{ origin_ip: asked[0] }], failed: [] }),
          list: () => Promise.reject(new Error("listing refused")),
        }),
      );
      const outcomes = await Promise.allSettled(
        ips.map((ip) => (method === "PUT" ? api.put(ZONE, mapping(ip)) : api.delete(ZONE, ip))),
      );
      expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", ...Array(count - 1).fill("rejected")]);
      const detail =
        `the batch answer did not say what became of ${what}; ` +
        // The answer came back, so it was not lost: the words say what happened (they once said "lost" here too).
        "listing the zone to settle it failed too (listing refused)";
      for (const o of outcomes.slice(1)) {
        const err = (o as PromiseRejectedResult).reason as CloudflareApiError;
        expect(err).toMatchObject({
          kind: "invalidResponse",
          method,
          path: `/zones/${ZONE}/origin/cloud_regions/batch`,
          status: 200,
          detail,
          mayHaveBeenApplied: true,
        });
        expect(err.message).toContain(detail);
      }
    },
  );
});
