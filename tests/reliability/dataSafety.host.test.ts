// Data safety through the real provider host: writes whose answer was lost, two resources meeting one mapping
// (duplicates, renames, swaps, forced replacements), and many operations on one zone at once. After every scenario
// the fake's mappings are compared with what state says exists. Each `deploy`, `up` or `destroy` is a `pulumi` command
// with a provider host of its own, as the CLI runs them (tests/harness/engine.ts). Every scenario runs against the
// dynamic provider host and the provider plugin (`[dynamic]`, `[plugin]`).
import { ADAPTERS } from "../harness/adapters";
import type { Declared, MiniEngine } from "../harness/engine";
import { heldIn, messageOf, useFreshZone, useHostedFake } from "../harness/hostedFake";
import type { Props, RpcError } from "../harness/providerHost";

const hosted = useHostedFake();
const zone = useFreshZone(hosted, 0xd000);

describe.each(ADAPTERS)("[%s]", (adapter) => {
  /** A new stack: each of its commands runs in a provider host of its own, the state carried from one to the next. */
  const newStack = (shareHost?: string) => hosted.engine({ adapter, shareHost });
  // How a refusal tells a renamed resource to keep its old name: in TypeScript, or by the option's name (any language).
  const RENAME_HINT =
    adapter === "plugin"
      ? "give it its old name in the `aliases` resource option"
      : 'aliases: [{ name: "<old name>" }]';

  const mapping = (originIp: string, vendor = "aws", region = "us-east-1", extra: Props = {}) => ({
    zoneId: zone.id,
    originIp,
    vendor,
    region,
    ...extra,
  });
  const message = messageOf;

  /** What the fake holds, as `ip vendor/region` lines. */
  const held = () => heldIn(hosted.fake, zone.id);
  /** What state says exists, in the same form (resources kept after a partial failure included). */
  const inState = (engine: MiniEngine) =>
    [...engine.state.values()].map((e) => `${e.outputs.originIp} ${e.outputs.vendor}/${e.outputs.region}`).sort();

  describe("a write whose answer is lost is settled by reading back", () => {
    const lostThen = (route: "put" | "delete", refusal: "far Retry-After" | "429 until attempts run out") => {
      hosted.fake.injectFault(route, { kind: "reset", applied: true }, 1, { zoneId: zone.id });
      if (refusal === "far Retry-After")
        hosted.fake.injectFault(route, { kind: "rateLimit", retryAfterSeconds: 301 }, 1, { zoneId: zone.id });
      else hosted.fake.injectFault(route, { kind: "rateLimit", retryAfterSeconds: 1 }, 4, { zoneId: zone.id });
    };

    test.each(["far Retry-After", "429 until attempts run out"] as const)(
      "create: applied, connection reset, then %s: success, and state knows the mapping",
      async (refusal) => {
        const engine = newStack();
        lostThen("put", refusal);
        expect(await engine.up("m", mapping("192.0.2.1"))).toBe("create");
        expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
        expect(inState(engine)).toEqual(held());
      },
      20_000,
    );

    test("update: applied, connection reset, then a far Retry-After: success with the new values", async () => {
      const engine = newStack();
      await engine.up("m", mapping("192.0.2.1"));
      lostThen("put", "far Retry-After");
      expect(await engine.up("m", mapping("192.0.2.1", "aws", "us-west-2"))).toBe("update");
      expect(held()).toEqual(["192.0.2.1 aws/us-west-2"]);
      expect(inState(engine)).toEqual(held());
    });

    test("delete: applied, connection reset, then a far Retry-After: success, nothing left", async () => {
      const engine = newStack();
      await engine.up("m", mapping("192.0.2.1"));
      lostThen("delete", "far Retry-After");
      await engine.destroy("m");
      expect(held()).toEqual([]);
      expect(inState(engine)).toEqual([]);
    });

    test("create whose read-back fails too: Pulumi's partial-state error keeps the mapping in state; the next up converges", async () => {
      const engine = newStack();
      hosted.fake.injectFault("put", { kind: "reset", applied: true }, 1, { zoneId: zone.id });
      hosted.fake.injectFault("put", { kind: "rateLimit", retryAfterSeconds: 301 }, 1, { zoneId: zone.id });
      // The existence check goes through; the read-back after the lost PUT is refused too.
      hosted.fake.injectFault("get", { kind: "rateLimit", retryAfterSeconds: 301 }, 1, { zoneId: zone.id, after: 1 });
      const error = (await engine.up("m", mapping("192.0.2.1")).then(
        () => undefined,
        (e: RpcError) => e,
      ))!;
      expect(error.initFailed).toMatchObject({
        id: `${zone.id}/192.0.2.1`,
        properties: { originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" },
      });
      expect(message(error)).toMatch(
        /^creating origin cloud region mapping 192\.0\.2\.1 in zone [0-9a-f]{32} may have been applied: .*run `pulumi up` again/,
      );
      expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
      expect(inState(engine)).toEqual(held());
      expect(await engine.up("m", mapping("192.0.2.1"))).toBe("update");
      expect(engine.state.get("m")!.initErrors).toBeUndefined();
      expect(inState(engine)).toEqual(held());
    });
  });

  describe("two resources, one mapping", () => {
    test("two resources declaring one IP in two spellings: exactly one is created, the other is refused by name", async () => {
      const engine = newStack();
      const result = await engine.deploy([
        { name: "a", inputs: mapping("2001:db8::99", "aws", "us-east-1") },
        { name: "b", inputs: mapping("2001:DB8:0:0::99", "gcp", "us-central1") },
      ]);
      expect(Object.keys(result.ops)).toHaveLength(1);
      const [loser] = Object.keys(result.errors);
      expect(message(result.errors[loser])).toMatch(/2001:db8::99 .*another resource in this deployment manages it/);
      expect(held()).toEqual(inState(engine));
      expect(held()).toHaveLength(1);
    });

    test("rename without aliases or adopt: refused, and the message says a rename needs aliases", async () => {
      const stack = newStack();
      await stack.deploy([{ name: "old", inputs: mapping("192.0.2.1") }]);
      const result = await stack.deploy([{ name: "new", inputs: mapping("192.0.2.1") }]);
      expect(message(result.errors.new)).toContain(RENAME_HINT);
      expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
      expect(inState(stack)).toEqual(held());
    });

    test("rename with adopt: the new resource takes the mapping over and the old one's delete leaves it in place", async () => {
      const stack = newStack();
      await stack.deploy([{ name: "old", inputs: mapping("192.0.2.1") }]);
      const before = stack.output.length;
      const result = await stack.deploy([
        { name: "new", inputs: mapping("192.0.2.1", "aws", "us-west-2", { adopt: true }) },
      ]);
      expect(result).toEqual({ ops: { new: "create", old: "delete" }, errors: {} });
      expect(held()).toEqual(["192.0.2.1 aws/us-west-2"]);
      expect(inState(stack)).toEqual(held());
      await stack.waitForOutput(
        /warning: origin cloud region mapping 192\.0\.2\.1 .* was not deleted: another resource in this deployment manages it \(it adopted 192\.0\.2\.1\), as after a rename/,
        before,
      );
    });

    test("rename with aliases: no create, no delete, no request but the run's one supported_regions read", async () => {
      const stack = newStack();
      await stack.deploy([{ name: "old", inputs: mapping("192.0.2.1") }]);
      hosted.fake.resetRequests();
      expect(await stack.deploy([{ name: "new", inputs: mapping("192.0.2.1"), aliases: ["old"] }])).toEqual({
        ops: { new: "same" },
        errors: {},
      });
      // A new provider host per run: check reads the zone's supported_regions once (README, "Errors and their fixes").
      expect(hosted.fake.requests.map((r) => `${r.method} ${r.route}`)).toEqual(["GET supportedRegions"]);
      expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
    });

    // The issue this harness was changed for: two `up`s on one host let the first's claim (provider/core/deployment.ts) reach
    // the second, which the CLI, starting a host per command, never does.
    test.each([
      [false, "refused: the zone already maps it, and the message says a rename needs aliases"],
      [true, "the new resource adopts the mapping and the old one's delete leaves it"],
    ])("rename over two commands, adopt %s: %s; one host shared by both commands refused it instead", async (adopt) => {
      const rename = async (stack: MiniEngine) => {
        await stack.deploy([{ name: "old", inputs: mapping("192.0.2.1") }]);
        return stack.deploy([{ name: "new", inputs: mapping("192.0.2.1", "aws", "us-west-2", { adopt }) }]);
      };
      const faithful = await rename(newStack());
      if (adopt) expect(faithful).toEqual({ ops: { new: "create", old: "delete" }, errors: {} });
      else expect(message(faithful.errors.new)).toContain(RENAME_HINT);
      expect(held()).toEqual([adopt ? "192.0.2.1 aws/us-west-2" : "192.0.2.1 aws/us-east-1"]);

      zone.next();
      const shared = newStack(
        "to show what one host for both commands did: the first command's claim reaches the second",
      );
      try {
        const unfaithful = await rename(shared);
        expect(Object.keys(unfaithful.errors)).toEqual(["new"]);
        expect(message(unfaithful.errors.new)).toContain(
          "another resource in this deployment manages it (it created 192.0.2.1)",
        );
        expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
      } finally {
        await shared.stop();
      }
    });

    test("a rename split over two commands (up --target the new one, destroy --target the old one) deletes the mapping, as README's limits say", async () => {
      const stack = newStack();
      await stack.up("old", mapping("192.0.2.1"));
      expect(await stack.up("new", mapping("192.0.2.1", "aws", "us-west-2", { adopt: true }))).toBe("create");
      // The host that deletes the old resource never saw the new one take the mapping over.
      await stack.destroy("old");
      expect(held()).toEqual([]);
      expect(inState(stack)).toEqual(["192.0.2.1 aws/us-west-2"]); // state still holds a mapping the zone no longer has
    });

    const swap = async (adopt: boolean) => {
      const second = newStack();
      await second.deploy([
        { name: "a", inputs: mapping("198.51.100.1", "aws", "us-east-1") },
        { name: "b", inputs: mapping("198.51.100.2", "gcp", "us-central1") },
      ]);
      const result = await second.deploy([
        { name: "a", inputs: mapping("198.51.100.2", "aws", "us-east-1", { adopt }) },
        { name: "b", inputs: mapping("198.51.100.1", "gcp", "us-central1", { adopt }) },
      ]);
      return { result, engine: second };
    };

    test("swap without adopt: both creates are refused and nothing changes", async () => {
      const { result, engine } = await swap(false);
      expect(Object.keys(result.errors).sort()).toEqual(["a", "b"]);
      expect(message(result.errors.a)).toContain("already maps 198.51.100.2");
      expect(held()).toEqual(["198.51.100.1 aws/us-east-1", "198.51.100.2 gcp/us-central1"]);
      expect(inState(engine)).toEqual(held());
    });

    test("swap with adopt: each IP ends with its new resource's vendor and region, nothing deleted", async () => {
      const { result, engine } = await swap(true);
      expect(result.errors).toEqual({});
      expect(held()).toEqual(["198.51.100.1 gcp/us-central1", "198.51.100.2 aws/us-east-1"]);
      expect(inState(engine)).toEqual(held());
    });

    const forced = async ({ inputs, ...declared }: Partial<Declared>, options: { replace?: string[] } = {}) => {
      const second = newStack();
      await second.deploy([{ name: "m", inputs: mapping("192.0.2.1") }]);
      const result = await second.deploy(
        [{ ...declared, name: "m", inputs: mapping("192.0.2.1", "aws", "us-west-2", inputs) }],
        options,
      );
      return { result, engine: second };
    };

    test("replaceOnChanges on region: the provider asks for delete-before-replace, so one mapping holds the new values", async () => {
      const { result, engine } = await forced({ replaceOnChanges: ["region"] });
      expect(result).toEqual({ ops: { m: "replace" }, errors: {} });
      expect(held()).toEqual(["192.0.2.1 aws/us-west-2"]);
      expect(inState(engine)).toEqual(held());
    });

    test("pulumi up --replace with adopt: the new resource takes over, the old one's delete leaves the mapping", async () => {
      const { result, engine } = await forced({ inputs: { adopt: true } }, { replace: ["m"] });
      expect(result.errors).toEqual({});
      expect(held()).toEqual(["192.0.2.1 aws/us-west-2"]);
      expect(inState(engine)).toEqual(held());
    });

    test("pulumi up --replace without adopt: refused before any write, saying to set adopt; nothing changes", async () => {
      const { result, engine } = await forced({}, { replace: ["m"] });
      expect(message(result.errors.m)).toMatch(/pulumi up --replace.*adopt: true/);
      expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
      expect(inState(engine)).toEqual(held());
    });

    test("pulumi up --replace with the deleteBeforeReplace option: works without adopt", async () => {
      const { result, engine } = await forced({ deleteBeforeReplace: true }, { replace: ["m"] });
      expect(result.errors).toEqual({});
      expect(held()).toEqual(["192.0.2.1 aws/us-west-2"]);
      expect(inState(engine)).toEqual(held());
    });
  });

  test("300 concurrent creates, then 300 concurrent updates, on one zone at --parallel 64: no write lost", async () => {
    const engine = newStack();
    const ips = Array.from({ length: 300 }, (_, i) => `10.1.${i >> 8}.${(i & 255) + 0}`);
    const program = (region: string) =>
      ips.map((ip, i): Declared => ({ name: `m${i}`, inputs: mapping(ip, "aws", region) }));
    expect((await engine.deploy(program("us-east-1"), { parallel: 64 })).errors).toEqual({});
    expect((await engine.deploy(program("us-west-2"), { parallel: 64 })).errors).toEqual({});
    expect(held()).toEqual(ips.map((ip) => `${ip} aws/us-west-2`).sort());
    expect(inState(engine)).toEqual(held());
  }, 60_000);
});
