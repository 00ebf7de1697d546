// The demo where no pulumi CLI exists: examples/basic (the program Pulumi.yaml names) runs under Pulumi's mocks and
// every resource it registers goes through Pulumi's real provider host against the fake Cloudflare API, driven by
// the replay of the engine's call sequences in tests/harness (a development tool, not the Pulumi engine). Each step
// prints what `pulumi` would print, then checks that it did what it said against the fake API; the first step that
// did not ends the demo with exit code 1.
import * as fs from "fs";
import * as path from "path";
import { FAKE_TOKEN, FakeCloudflare } from "../tests/fake/server";
import { formatUpdate } from "../tests/harness/display";
import { REPO_ROOT } from "../tests/harness/providerHost";
import { ReplayStack, UpdateFailedError, type ChangeOp, type UpdateResult } from "../tests/harness/replayStack";

export const ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
const STACK = "demo";

/** A step that ran but did not do what it said. */
class StepCheckFailed extends Error {}

export interface ReplayDemoOptions {
  /** Where lines go (default: stdout). */
  out?: (line: string) => void;
  /** A fake API to run against (default: a fresh one on a free loopback port, stopped at the end). */
  fake?: FakeCloudflare;
}

/** The project's name and main program, as Pulumi.yaml gives them. */
export function pulumiProject(): { name: string; program: string } {
  const yaml = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8");
  const field = (key: string) => {
    const value = new RegExp(`^${key}:\\s*(\\S+)\\s*$`, "m").exec(yaml)?.[1];
    if (!value) throw new Error(`Pulumi.yaml has no ${key}`);
    return value;
  };
  return { name: field("name"), program: path.join(REPO_ROOT, field("main")) };
}

/** Runs every step; resolves 0 when each did what it said, 1 at the first that did not (naming it). */
export async function runReplayDemo(options: ReplayDemoOptions = {}): Promise<number> {
  const out = options.out ?? ((line: string) => console.log(line));
  const fake = options.fake ?? (await FakeCloudflare.start());
  const started = Date.now();
  const project = pulumiProject();
  const stack = new ReplayStack({
    program: project.program,
    project: project.name,
    stack: STACK,
    config: { [`${project.name}:zoneId`]: ZONE_ID },
    // As the CLI demo does: the provider host finds the API and the token in its environment.
    host: { env: { CLOUDFLARE_BASE_URL: fake.baseUrl, CLOUDFLARE_API_TOKEN: FAKE_TOKEN } },
  });

  const run = async (command: string, update: () => Promise<UpdateResult>): Promise<UpdateResult> => {
    out(`$ pulumi ${command}`);
    const result = await update();
    out(formatUpdate(result).join("\n"));
    return result;
  };
  const configSet = (key: string, value: string, note = "") => {
    out(`$ pulumi config set ${key} ${value}${note ? `   # ${note}` : ""}`);
    stack.config[`${project.name}:${key}`] = value;
  };
  const holdings = () =>
    fake
      .mappings(ZONE_ID)
      .map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`)
      .sort();
  const writes = () =>
    fake.requests
      .filter((r) => r.method !== "GET")
      .map((r) => `${r.method} ${decodeURIComponent(r.path.split("?")[0].split("/").pop()!)}`);
  /** Runs an update and checks what it did: each resource's op, the requests that wrote (in order), the zone after. */
  const checked = async (
    command: string,
    update: () => Promise<UpdateResult>,
    expected: { ops: Record<string, ChangeOp>; writes?: string[]; holdings?: string[] },
  ) => {
    const result = await run(command, update);
    expectEqual(
      `${result.kind} of each resource`,
      Object.fromEntries(result.changes.slice(1).map((c) => [c.name, c.op])),
      expected.ops,
    );
    if (expected.writes) expectEqual("requests that write", writes(), expected.writes);
    if (expected.holdings) expectEqual("mappings in the zone", holdings(), expected.holdings);
    return result;
  };
  const UP = "up --yes --skip-preview";

  const steps: { title: string; run: () => Promise<string> }[] = [
    {
      title: "preview",
      run: async () => {
        out(`$ pulumi stack init ${STACK} && pulumi config set zoneId ${ZONE_ID}`);
        await checked("preview", () => stack.preview(), {
          ops: { "api-origin": "create", "assets-origin": "create" },
          writes: [],
        });
        return "preview: 2 mappings to create, and no request wrote anything";
      },
    },
    {
      title: "up",
      run: async () => {
        const result = await checked(UP, () => stack.up(), {
          ops: { "api-origin": "create", "assets-origin": "create" },
          holdings: ["192.0.2.1 aws/us-east-1", "2001:db8::1 gcp/us-central1"], // (the two creates run concurrently)
        });
        expectEqual("output assetsOriginIp", result.outputs.new?.assetsOriginIp, "2001:db8::1");
        return "up: both mappings created; 2001:DB8::1 is stored as 2001:db8::1";
      },
    },
    {
      title: "the mappings the fake holds",
      run: async () => {
        out(`mappings the fake Cloudflare API holds in zone ${ZONE_ID}:`);
        for (const m of fake.mappings(ZONE_ID))
          out(`  ${m.origin_ip.padEnd(14)} ${`${m.vendor}/${m.region}`.padEnd(16)} modified ${m.modified_on}`);
        expectEqual(
          "ids in state",
          stack.state.map((r) => r.entry.id).sort(),
          holdings().map((h) => `${ZONE_ID}/${h.split(" ")[0]}`),
        );
        return "the fake holds exactly the 2 mappings in the stack's state";
      },
    },
    {
      title: "second up",
      run: async () => {
        await checked(UP, () => stack.up(), { ops: { "api-origin": "same", "assets-origin": "same" }, writes: [] });
        return "second up: no changes, no request that writes";
      },
    },
    {
      title: "edit: region change and respelled IPv6",
      run: async () => {
        configSet("ipv4Region", "us-west-2");
        configSet("ipv6Origin", "2001:0db8:0000:0000:0000:0000:0000:0001", "the same address, spelled out");
        await checked(UP, () => stack.up(), {
          ops: { "api-origin": "update", "assets-origin": "same" },
          writes: ["PUT 192.0.2.1"],
          holdings: ["192.0.2.1 aws/us-west-2", "2001:db8::1 gcp/us-central1"],
        });
        return "edit: the region change updated api-origin in place (one PUT); the respelled IPv6 address is no change";
      },
    },
    {
      title: "edit: new IP",
      run: async () => {
        configSet("ipv4Origin", "192.0.2.2");
        await checked(UP, () => stack.up(), {
          ops: { "api-origin": "replace", "assets-origin": "same" },
          writes: ["PUT 192.0.2.2", "DELETE 192.0.2.1"],
          holdings: ["192.0.2.2 aws/us-west-2", "2001:db8::1 gcp/us-central1"],
        });
        return "edit: the new IP replaced api-origin (192.0.2.2 created, then 192.0.2.1 deleted)";
      },
    },
    {
      title: "out-of-band change, then refresh",
      run: async () => {
        const body = { origin_ip: "2001:db8::1", vendor: "gcp", region: "europe-west1" };
        const url = `${fake.baseUrl}/zones/${ZONE_ID}/origin/cloud_regions/${body.origin_ip}`;
        const response = await fetch(url, {
          method: "PUT",
          headers: { Authorization: `Bearer ${FAKE_TOKEN}`, "Content-Type": "application/json" },
          body: JSON.stringify(body),
        });
        out(`# outside Pulumi, someone moves 2001:db8::1 to europe-west1 (as the dashboard would):`);
        out(`#   PUT ${new URL(url).pathname} ${JSON.stringify(body)} → HTTP ${response.status}`);
        expectEqual("status of the out-of-band PUT", response.status, 200);
        fake.resetRequests();
        const result = await checked("refresh --yes --skip-preview", () => stack.refresh(), {
          ops: { "api-origin": "same", "assets-origin": "update" },
          writes: [],
        });
        expectEqual("drift shown", result.changes.find((c) => c.name === "assets-origin")?.diff, ["region"]);
        expectEqual(
          "region in state",
          stack.state.find((r) => r.name === "assets-origin")?.entry.outputs.region,
          "europe-west1",
        );
        return "refresh: the drift shows on assets-origin (region us-central1 → europe-west1) and is now in state";
      },
    },
    {
      title: "destroy",
      run: async () => {
        await checked("destroy --yes --skip-preview", () => stack.destroy(), {
          ops: { "api-origin": "delete", "assets-origin": "delete" },
          writes: ["DELETE 2001:db8::1", "DELETE 192.0.2.2"], // in reverse order of creation
          holdings: [],
        });
        return "destroy: both mappings deleted";
      },
    },
    {
      title: "nothing left",
      run: async () => {
        const url = `${fake.baseUrl}/zones/${ZONE_ID}/origin/cloud_regions`;
        const response = await fetch(url, { headers: { Authorization: `Bearer ${FAKE_TOKEN}` } });
        const listed = ((await response.json()) as { result: unknown[] }).result;
        out(`GET ${new URL(url).pathname} → HTTP ${response.status}, ${listed.length} mappings`);
        expectEqual("mappings the API lists", listed, []);
        expectEqual("resources in state", stack.state.length, 0);
        return "nothing left: the zone holds no mapping and the stack no resource";
      },
    },
  ];

  try {
    out(`fake Cloudflare API: ${fake.baseUrl} (zone ${ZONE_ID})`);
    for (const [i, step] of steps.entries()) {
      const label = `step ${i + 1}/${steps.length} (${step.title})`;
      out("");
      fake.resetRequests();
      try {
        out(`✔ ${await step.run()}`);
      } catch (e) {
        if (e instanceof UpdateFailedError) out(formatUpdate(e.result).join("\n"));
        const why = e instanceof StepCheckFailed ? "did not do what it said" : "failed";
        out(`✘ ${label} ${why}: ${e instanceof Error ? e.message : String(e)}`);
        return 1;
      }
    }
    out("");
    out(`demo done: all ${steps.length} steps did what they said, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    if (!options.fake) await fake.stop();
  }
}

function expectEqual(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new StepCheckFailed(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}
