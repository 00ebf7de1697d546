// README's `OriginCloudRegion.get(name, id)` from the program's side: a program calls it under Pulumi's mocks, and the
// mocks answer the engine's ReadResource by the Read the engine would send the real provider host (the harness's `get`
// step, with the `__provider` the program's class registered), so the program's outputs are what the fake holds.
import * as pulumi from "@pulumi/pulumi";
import { OriginCloudRegion } from "../../../provider";
import { FAKE_TOKEN, FakeCloudflare } from "../../fake/server";
import { MiniEngine } from "../../harness/engine";
import { GET_SUPPORTED_SINCE, HOST_PULUMI_VERSION, hostSupportsGet } from "../../harness/versions";

const ZONE = "0000000000000000000000000000ce70";
const supported = hostSupportsGet(HOST_PULUMI_VERSION);
// The title carries the reason when skipped; the skipped-suites reporter prints it.
const title = supported
  ? "OriginCloudRegion.get in a program"
  : `OriginCloudRegion.get in a program skipped: the provider host is @pulumi/pulumi ${HOST_PULUMI_VERSION}, get needs ${GET_SUPPORTED_SINCE} (the version matrix runs this on Node.js 22)`;

(supported ? describe : describe.skip)(title, () => {
  let fake: FakeCloudflare;
  /** The stack; the program's reads are one command, so they share its host (see the test). */
  let stack: MiniEngine;
  const reads: { name: string; id: string; hostId?: string }[] = [];

  beforeAll(async () => {
    fake = await FakeCloudflare.start();
    stack = new MiniEngine({
      type: "",
      providerText: "",
      host: { config: { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl } },
    });
    await pulumi.runtime.setMocks(
      {
        newResource: async (a) => {
          if (!a.id) throw new Error(`the program should only read, but it declared ${a.type} ${a.name}`);
          const read = await stack.forType(a.type, a.inputs.__provider).get(a.name, a.id);
          reads.push({ name: a.name, id: a.id, hostId: read.id });
          return { id: read.id, state: read.outputs };
        },
        call: () => ({}),
      },
      "proj",
      "dev",
      false,
    );
  });
  afterAll(async () => {
    await fake?.stop();
  });

  /** The output's value, or a clear failure when the read never answers. */
  const valueOf = <T>(output: pulumi.Output<T>, timeoutMs = 15_000): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      new Promise<T>((resolve) => output.apply(resolve)),
      new Promise<never>(
        (_, reject) =>
          (timer = setTimeout(
            () => reject(new Error(`the program's output did not resolve within ${timeoutMs} ms`)),
            timeoutMs,
          )),
      ),
    ]).finally(() => clearTimeout(timer));
  };

  test("README's snippet reads the mapping the zone holds, by <zone_id>/<origin_ip> in any spelling, and writes nothing", async () => {
    fake.seed(ZONE, [
      { origin_ip: "2001:db8::5", vendor: "gcp", region: "us-central1", modified_on: "2026-02-03T04:05:06Z" },
    ]);
    fake.resetRequests();
    // One run of the program is one command: its reads go to that command's host.
    const values = await stack.command(() => {
      // As README writes it: const existing = OriginCloudRegion.get("existing", "<zone id>/<ip>"); existing.region.
      const existing = OriginCloudRegion.get("existing", `${ZONE}/2001:DB8:0::5`);
      const encoded = OriginCloudRegion.get("encoded", `${ZONE}/2001%3Adb8%3A%3A5`);
      return Promise.all(
        [existing, encoded].map((r) =>
          valueOf(pulumi.all([r.id, r.zoneId, r.originIp, r.vendor, r.region, r.modifiedOn])),
        ),
      );
    });
    expect(stack.deployments.hosts).toHaveLength(1);
    // The host answers with the canonical id; the program's resource keeps the id it asked for, as Pulumi's SDK does.
    expect(reads).toEqual([
      { name: "existing", id: `${ZONE}/2001:DB8:0::5`, hostId: `${ZONE}/2001:db8::5` },
      { name: "encoded", id: `${ZONE}/2001%3Adb8%3A%3A5`, hostId: `${ZONE}/2001:db8::5` },
    ]);
    expect(values).toEqual([
      [`${ZONE}/2001:DB8:0::5`, ZONE, "2001:db8::5", "gcp", "us-central1", "2026-02-03T04:05:06Z"],
      [`${ZONE}/2001%3Adb8%3A%3A5`, ZONE, "2001:db8::5", "gcp", "us-central1", "2026-02-03T04:05:06Z"],
    ]);
    // Reads only: a GET of the mapping each, or one listing of the zone that both share (coalescing).
    expect(fake.requests.filter((r) => !(r.method === "GET" && (r.route === "get" || r.route === "list")))).toEqual([]);
    expect(fake.mappings(ZONE)).toEqual([
      { origin_ip: "2001:db8::5", vendor: "gcp", region: "us-central1", modified_on: "2026-02-03T04:05:06Z" },
    ]);
  });
});
