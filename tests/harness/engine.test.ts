// The engine replay's own additions: deployments as the CLI runs them (a fresh provider host per command, one host
// for the calls of one command, a shared host only with a reason), the step records a whole-program deployment needs
// (previewStep, upStep with a deferred Delete and the plan announced before any write) and the --parallel limiter.
import { limiter, type MiniEngine } from "./engine";
import { useHostedFake } from "./hostedFake";

const TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";
const ZONE = "0000000000000000000000000000e9e1";

describe("limiter", () => {
  test("never runs more than `parallel` tasks at once, runs them all, and hands each its own result", async () => {
    const run = limiter(3);
    let active = 0;
    let peak = 0;
    const task = (i: number) => async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, i % 4));
      active--;
      return i * 2;
    };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => run(task(i))));
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(peak).toBe(3);
  });

  test("a failed task frees its slot and rejects only its own caller", async () => {
    const run = limiter(1);
    const failed = run(() => Promise.reject(new Error("boom")));
    const next = run(async () => "ran");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ran");
  });
});

const hosted = useHostedFake();
const mapping = (originIp: string, region = "us-east-1") => ({ zoneId: ZONE, originIp, vendor: "aws", region });
const writes = () => hosted.fake.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.route}`);
const regionLookups = () => hosted.fake.requests.filter((r) => r.route === "supportedRegions").length;
let engine: MiniEngine;
beforeEach(() => {
  hosted.fake.resetRequests();
  engine = hosted.engine();
});

describe("deployments: a provider host per command, as the CLI starts one", () => {
  test("each command runs in a fresh host, stopped after, and what a host looked up does not reach the next one", async () => {
    expect(await engine.preview("a", mapping("198.51.100.1"))).toBe("create");
    expect(await engine.up("a", mapping("198.51.100.1"))).toBe("create");
    expect(await engine.up("a", mapping("198.51.100.1"))).toBe("same");
    await engine.destroy("a");
    const pids = engine.deployments.hosts.map((h) => h.pid);
    expect(pids).toHaveLength(4);
    expect(new Set(pids).size).toBe(4);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow(); // each stopped with its command
    // Every command's check looked the zone's supported regions up again: no host remembered the previous lookup.
    expect(regionLookups()).toBe(3); // preview, up, up (destroy does not check)
    expect(engine.state.size).toBe(0);
  });

  test("the calls of one command share its host: two resources of one program, one region lookup", async () => {
    await engine.command(async (host) => {
      await Promise.all([engine.up("a", mapping("198.51.100.11")), engine.up("b", mapping("198.51.100.12"))]);
      expect(engine.deployments.hosts).toEqual([host]);
    });
    expect(regionLookups()).toBe(1);
    expect([...engine.state.keys()].sort()).toEqual(["a", "b"]);
  });

  test("an engine for another type shares the command's host, with a state of its own", async () => {
    const other = engine.forType(`${TYPE}Other`, hosted.providerText);
    await engine.command(async () => {
      await engine.up("a", mapping("198.51.100.21"));
      await other.up("a", mapping("198.51.100.22"));
    });
    expect(engine.deployments.hosts).toHaveLength(1);
    expect(other.state.get("a")!.outputs.originIp).toBe("198.51.100.22");
    expect(engine.state.get("a")!.outputs.originIp).toBe("198.51.100.21");
  });

  test("a command inside a command is refused: it would hide the second command's host", async () => {
    await expect(engine.command(() => engine.command(async () => "inner"))).rejects.toThrow(
      /a command inside a command/,
    );
  });

  test("what a host wrote is kept after it stopped, in the engine's output", async () => {
    hosted.fake.injectFault("supportedRegions", { kind: "rateLimit", retryAfterSeconds: 3600 }, 1, { zoneId: ZONE });
    expect(await engine.preview("w", mapping("198.51.100.31"))).toBe("create");
    expect(engine.deployments.hosts).toHaveLength(1);
    expect(
      engine.output.find((l) => /warning: verifying region us-east-1 for aws .* the region was not verified/.test(l)),
    ).toBeDefined();
  });

  test("one host for every command only when a test says why, and then it is kept until stop", async () => {
    expect(() => hosted.engine({ shareHost: " " })).toThrow(/shareHost needs a reason/);
    const shared = hosted.engine({ shareHost: "this test shows what sharing carries over" });
    try {
      expect(await shared.up("s", mapping("198.51.100.41"))).toBe("create");
      expect(await shared.up("s", mapping("198.51.100.41"))).toBe("same");
      await shared.command(async () => shared.preview("t", mapping("198.51.100.42")));
      expect(shared.deployments.hosts).toHaveLength(1);
      expect(regionLookups()).toBe(1); // the first command's lookup answered the others: what a real run never sees
    } finally {
      await shared.stop();
    }
  });
});

describe("steps", () => {
  test("two `up`s are two deployments, as the CLI runs them: a rename with adopt over two `up`s takes the mapping over", async () => {
    await engine.deploy([{ name: "old", inputs: mapping("203.0.113.1") }]);
    // The next `pulumi up`, with "old" renamed to "new" (adopt: true): a new host, which never saw "old" created.
    const result = await engine.deploy([
      { name: "new", inputs: { ...mapping("203.0.113.1", "us-west-2"), adopt: true } },
    ]);
    expect(result).toEqual({ ops: { new: "create", old: "delete" }, errors: {} });
    expect(
      hosted.fake
        .mappings(ZONE)
        .filter((m) => m.origin_ip === "203.0.113.1")
        .map((m) => m.region),
    ).toEqual(["us-west-2"]);
  });

  test("previewStep fakes outputs from the checked inputs, with no id for a resource not yet created", async () => {
    const step = await engine.previewStep("p", mapping("2001:DB8::7"));
    expect(step.op).toBe("create");
    expect(step.new.id).toBe("");
    expect(step.new.outputs).toEqual(step.new.inputs);
    expect(step.new.inputs.originIp).toBe("2001:db8::7");
    expect(engine.state.has("p")).toBe(false);
    expect(hosted.fake.requests.filter((r) => r.route !== "supportedRegions")).toEqual([]); // a preview: no request but supported_regions
  });

  test("upStep with deferDelete creates the replacement and leaves the old Delete to the caller", async () => {
    const planned: string[] = [];
    await engine.upStep("r", mapping("192.0.2.10"));
    hosted.fake.resetRequests();
    // One `up`: the replacement's create, and the old resource's Delete at the end of the same deployment.
    await engine.command(async () => {
      const step = await engine.upStep("r", mapping("192.0.2.11"), {
        deferDelete: true,
        onPlan: (op, inputs) => planned.push(`${op} ${inputs.originIp} ${inputs.region}`),
      });
      expect(step.op).toBe("replace");
      expect(planned).toEqual(["replace 192.0.2.11 us-east-1"]);
      expect(step.replaced?.id).toBe(`${ZONE}/192.0.2.10`);
      expect(step.new.id).toBe(`${ZONE}/192.0.2.11`);
      expect(writes()).toEqual(["PUT put"]);
      expect(hosted.fake.mappings(ZONE).map((m) => m.origin_ip)).toEqual(
        expect.arrayContaining(["192.0.2.10", "192.0.2.11"]),
      );
      await engine.deleteReplaced(step.replaced!);
    });
    expect(writes()).toEqual(["PUT put", "DELETE delete"]);
    expect(hosted.fake.mappings(ZONE).map((m) => m.origin_ip)).not.toContain("192.0.2.10");
  });

  test("onPlan hears the op before the write, so a failed write can be named; no change announces nothing", async () => {
    const planned: string[] = [];
    await engine.upStep("u", mapping("192.0.2.20"));
    hosted.fake.injectFault("put", { kind: "successFalse" });
    await expect(
      engine.upStep("u", mapping("192.0.2.20", "us-west-2"), {
        onPlan: (op, inputs) => planned.push(`${op} ${inputs.originIp} ${inputs.region}`),
      }),
    ).rejects.toThrow();
    expect(planned).toEqual(["update 192.0.2.20 us-west-2"]);
    expect(engine.state.get("u")?.outputs.region).toBe("us-east-1");
    planned.length = 0;
    expect(
      (
        await engine.upStep("u", mapping("192.0.2.20"), {
          onPlan: (op, inputs) => planned.push(`${op} ${inputs.originIp} ${inputs.region}`),
        })
      ).op,
    ).toBe("same");
    expect(planned).toEqual([]);
  });
});

describe("the plugin adapter: the same commands against the provider plugin", () => {
  test("a process per command, configured by CheckConfig then Configure; tokens for types, no __provider anywhere", async () => {
    const plugin = hosted.engine({ adapter: "plugin" });
    expect(plugin.type).toBe("cloudflare-origin-cloud-regions:index:OriginCloudRegion");
    expect(plugin.urn("a")).toBe("urn:pulumi:test::proj::cloudflare-origin-cloud-regions:index:OriginCloudRegion::a");
    expect(await plugin.up("a", mapping("198.51.100.51"))).toBe("create");
    expect(await plugin.up("a", mapping("198.51.100.51", "us-west-2"))).toBe("update");
    expect(await plugin.refresh("a")).toEqual({ op: "refresh", drift: "none" });
    await plugin.destroy("a");
    const pids = plugin.deployments.hosts.map((h) => h.pid);
    expect(new Set(pids).size).toBe(4);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(writes()).toEqual(["PUT put", "PUT put", "DELETE delete"]);
    expect(JSON.stringify(hosted.fake.requests)).not.toContain("__provider");
  });

  test("a provider config CheckConfig refuses fails the command with failures naming the keys, before any request", async () => {
    const plugin = hosted.engine({ adapter: "plugin", host: { config: { "originCloudRegions:maxAttempts": "0" } } });
    const error = await plugin.up("b", mapping("198.51.100.52")).catch((e: unknown) => e);
    expect((error as { failures: unknown }).failures).toEqual([
      { property: "maxAttempts", reason: expect.stringMatching(/^cloudflare-origin-cloud-regions:maxAttempts "0"/) },
    ]);
    expect(hosted.fake.requests).toEqual([]);
  });

  test("import: Read by id, then Check with the read inputs as olds and news; the program it writes is no change", async () => {
    hosted.fake.seed(ZONE, [{ origin_ip: "198.51.100.53", vendor: "gcp", region: "us-central1" }]);
    const plugin = hosted.engine({ adapter: "plugin" });
    const imported = await plugin.import("i", `${ZONE}/198.51.100.53`);
    expect(imported.warnings).toEqual([]);
    expect(imported.entry.inputs).toEqual({
      ...mapping("198.51.100.53"),
      vendor: "gcp",
      region: "us-central1",
      adopt: false,
    });
    expect(await plugin.up("i", imported.entry.inputs)).toBe("same");
    await expect(plugin.import("j", `${ZONE}/198.51.100.99`)).rejects.toThrow(/does not exist/);
    expect(writes()).toEqual([]);
  });
});
