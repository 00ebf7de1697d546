// The engine replay's own additions: the step records a whole-program deployment needs (previewStep, upStep with a
// deferred Delete and the plan announced before any write) and the --parallel limiter.
import { FAKE_TOKEN, FakeCloudflare } from "../fake/server";
import { limiter, MiniEngine } from "./engine";
import { ProviderHost } from "./providerHost";
import { serializedProviderText } from "./serializedProvider";

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

describe("steps", () => {
  let fake: FakeCloudflare;
  let host: ProviderHost;
  let engine: MiniEngine;
  const mapping = (originIp: string, region = "us-east-1") => ({ zoneId: ZONE, originIp, vendor: "aws", region });
  const writes = () => fake.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.route}`);

  beforeAll(async () => {
    fake = await FakeCloudflare.start();
    host = await ProviderHost.start({ config: { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl } });
    engine = new MiniEngine(host, TYPE, await serializedProviderText());
  });
  afterAll(async () => {
    await host?.stop();
    await fake?.stop();
  });
  beforeEach(() => fake.resetRequests());

  test("two `up`s are two deployments, as the CLI runs them: a rename with adopt over two `up`s takes the mapping over", async () => {
    await engine.deploy([{ name: "old", inputs: mapping("203.0.113.1") }]);
    // The next `pulumi up`, with "old" renamed to "new" (adopt: true): a new host, which never saw "old" created.
    const result = await engine.deploy([{ name: "new", inputs: { ...mapping("203.0.113.1", "us-west-2"), adopt: true } }]);
    expect(result).toEqual({ ops: { new: "create", old: "delete" }, errors: {} });
    expect(fake.mappings(ZONE).filter((m) => m.origin_ip === "203.0.113.1").map((m) => m.region)).toEqual(["us-west-2"]);
  });

  test("previewStep fakes outputs from the checked inputs, with no id for a resource not yet created", async () => {
    const step = await engine.previewStep("p", mapping("2001:DB8::7"));
    expect(step.op).toBe("create");
    expect(step.new.id).toBe("");
    expect(step.new.outputs).toEqual(step.new.inputs);
    expect(step.new.inputs.originIp).toBe("2001:db8::7");
    expect(engine.state.has("p")).toBe(false);
    expect(fake.requests.filter((r) => r.route !== "supportedRegions")).toEqual([]); // a preview: no request but supported_regions
  });

  test("upStep with deferDelete creates the replacement and leaves the old Delete to the caller", async () => {
    const planned: string[] = [];
    await engine.upStep("r", mapping("192.0.2.10"));
    fake.resetRequests();
    const step = await engine.upStep("r", mapping("192.0.2.11"), { deferDelete: true, onPlan: (op, inputs) => planned.push(`${op} ${inputs.originIp} ${inputs.region}`) });
    expect(step.op).toBe("replace");
    expect(planned).toEqual(["replace 192.0.2.11 us-east-1"]);
    expect(step.replaced?.id).toBe(`${ZONE}/192.0.2.10`);
    expect(step.new.id).toBe(`${ZONE}/192.0.2.11`);
    expect(writes()).toEqual(["PUT put"]);
    expect(fake.mappings(ZONE).map((m) => m.origin_ip)).toEqual(expect.arrayContaining(["192.0.2.10", "192.0.2.11"]));
    await engine.deleteReplaced(step.replaced!);
    expect(writes()).toEqual(["PUT put", "DELETE delete"]);
    expect(fake.mappings(ZONE).map((m) => m.origin_ip)).not.toContain("192.0.2.10");
  });

  test("onPlan hears the op before the write, so a failed write can be named; no change announces nothing", async () => {
    const planned: string[] = [];
    await engine.upStep("u", mapping("192.0.2.20"));
    fake.injectFault("put", { kind: "successFalse" });
    await expect(engine.upStep("u", mapping("192.0.2.20", "us-west-2"), { onPlan: (op, inputs) => planned.push(`${op} ${inputs.originIp} ${inputs.region}`) })).rejects.toThrow();
    expect(planned).toEqual(["update 192.0.2.20 us-west-2"]);
    expect(engine.state.get("u")?.outputs.region).toBe("us-east-1");
    planned.length = 0;
    expect((await engine.upStep("u", mapping("192.0.2.20"), { onPlan: (op, inputs) => planned.push(`${op} ${inputs.originIp} ${inputs.region}`) })).op).toBe("same");
    expect(planned).toEqual([]);
  });
});
