// examples/basic, the program README shows and Pulumi.yaml runs: run it under Pulumi's mocks to collect what it
// registers, then deploy exactly that through the real provider host against the fake API.
import * as pulumi from "@pulumi/pulumi";
import { FAKE_TOKEN, FakeCloudflare } from "../fake/server";
import { MiniEngine } from "../harness/engine";

const ZONE = "0000000000000000000000000000c0de";

/** Resolves when every output has a value; fails after `timeoutMs`, naming what had registered by then. */
function settled(
  outputs: pulumi.Output<unknown>[],
  registeredNames: () => string[],
  timeoutMs = 10_000,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `examples/basic's outputs did not resolve within ${timeoutMs} ms; registered so far: ${JSON.stringify(registeredNames())}`,
          ),
        ),
      timeoutMs,
    );
  });
  const values = Promise.all(outputs.map((o) => new Promise((resolve) => o.apply(resolve))));
  return Promise.race([values.then(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

test("examples/basic deploys an IPv4 and an IPv6 mapping, canonical, and a second run changes nothing", async () => {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        registered.push(a);
        return { id: `${a.name}-id`, state: a.inputs };
      },
      call: () => ({}),
    },
    "proj",
    "dev",
    false,
  );
  pulumi.runtime.setConfig("proj:zoneId", ZONE);
  const program = await import("../../examples/basic");
  // Each stack output resolves once the mocks have answered its resource's registration: api-origin's id, assets-origin's IP.
  await settled([program.apiOriginId, program.assetsOriginIp], () => registered.map((r) => r.name));
  expect(registered.map((r) => [r.type, r.name])).toEqual([
    ["pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion", "api-origin"],
    ["pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion", "assets-origin"],
  ]);

  const fake = await FakeCloudflare.start();
  try {
    // Three commands (up, up, destroy), each a host of its own, each covering both resources.
    const engine = new MiniEngine({
      type: registered[0].type,
      providerText: registered[0].inputs.__provider,
      host: { config: { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl } },
    });
    const program = registered.map((r) => ({ name: r.name, inputs: r.inputs as Record<string, unknown> }));
    await engine.command(async () => {
      for (const { name, inputs } of program) expect(await engine.up(name, inputs)).toBe("create");
    });
    expect(fake.mappings(ZONE).map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`)).toEqual([
      "192.0.2.1 aws/us-east-1",
      "2001:db8::1 gcp/us-central1",
    ]);
    await engine.command(async () => {
      for (const { name, inputs } of program) expect(await engine.up(name, inputs)).toBe("same");
    });
    await engine.command(async () => {
      for (const { name } of program) await engine.destroy(name);
    });
    expect(fake.mappings(ZONE)).toEqual([]);
  } finally {
    await fake.stop();
  }
});
