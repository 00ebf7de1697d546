// The stack layer of the engine replay: a real program run under Pulumi's mocks, each registered resource stepped
// through the real provider host, deletes at the end, preview, refresh and destroy (tests/fixtures/programs/mappings.ts).
import * as path from "path";
import { OriginCloudRegionsApi } from "../../provider/api";
import { FAKE_TOKEN, FakeCloudflare } from "../fake/server";
import { REPO_ROOT } from "./providerHost";
import { ReplayStack, UNKNOWN, UpdateFailedError, type UpdateResult } from "./replayStack";

const PROJECT = "replay-test";
const PROGRAM = path.join(REPO_ROOT, "tests", "fixtures", "programs", "mappings.ts");
let zoneCounter = 0;
let fake: FakeCloudflare;
let zone: string;

beforeAll(async () => {
  fake = await FakeCloudflare.start();
});
afterAll(async () => {
  await fake?.stop();
});
beforeEach(() => {
  zone = (0xd000 + ++zoneCounter).toString(16).padStart(32, "0");
});

type Mapping = { name: string; originIp: string; vendor: string; region: string };
const m = (name: string, lastOctet: number, region = "us-east-1"): Mapping => ({
  name,
  originIp: `192.0.2.${lastOctet}`,
  vendor: "aws",
  region,
});
const id = (lastOctet: number) => `${zone}/192.0.2.${lastOctet}`;

function newStack(mappings: Mapping[], extra: Record<string, string> = {}, parallel?: number): ReplayStack {
  return new ReplayStack({
    program: PROGRAM,
    project: PROJECT,
    stack: "test",
    config: { [`${PROJECT}:zoneId`]: zone, [`${PROJECT}:mappings`]: JSON.stringify(mappings), ...extra },
    host: { env: { CLOUDFLARE_BASE_URL: fake.baseUrl, CLOUDFLARE_API_TOKEN: FAKE_TOKEN } },
    parallel,
  });
}
const setMappings = (stack: ReplayStack, mappings: Mapping[]) =>
  (stack.config[`${PROJECT}:mappings`] = JSON.stringify(mappings));
const ops = (r: UpdateResult) =>
  r.changes.map((c) => `${c.name} ${c.op}${c.diff.length ? ` ${c.diff.join(",")}` : ""}${c.error ? " ERROR" : ""}`);
/** Each write as `METHOD ip`; a batch call counts as one write per item (concurrent steps share batch calls). */
const writes = () =>
  fake.requests
    .filter((r) => r.method !== "GET" && r.path.includes(zone))
    .flatMap((r) => {
      const last = decodeURIComponent(r.path.split("/").pop()!);
      if (last !== "batch") return [`${r.method} ${last}`];
      return (r.body as (string | { origin_ip: string })[]).map(
        (item) => `${r.method} ${typeof item === "string" ? item : item.origin_ip}`,
      );
    });
const held = () =>
  fake
    .mappings(zone)
    .map((x) => `${x.origin_ip} ${x.region}`)
    .sort();
const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

test("up steps each resource the program registers, deletes removed ones after the creates, destroy goes in reverse", async () => {
  const stack = newStack([m("a", 1), m("b", 2), m("c", 3)]);
  const first = await stack.up();
  expect(ops(first)).toEqual([`${PROJECT}-test create`, "a create", "b create", "c create"]);
  expect(first.outputs.new).toEqual({ ids: [id(1), id(2), id(3)] });
  expect(stack.state.map((r) => r.name)).toEqual(["a", "b", "c"]);

  fake.resetRequests();
  setMappings(stack, [m("b", 2, "us-west-2"), m("d", 4)]);
  const second = await stack.up();
  expect(ops(second)).toEqual([`${PROJECT}-test same`, "b update region", "d create", "a delete", "c delete"]);
  expect(writes()).toEqual(expect.arrayContaining(["PUT 192.0.2.2", "PUT 192.0.2.4"]));
  expect(writes().slice(2)).toEqual(["DELETE 192.0.2.3", "DELETE 192.0.2.1"]);
  expect(stack.state.map((r) => r.name)).toEqual(["b", "d"]);
  expect(held()).toEqual(["192.0.2.2 us-west-2", "192.0.2.4 us-east-1"]);

  fake.resetRequests();
  const destroyed = await stack.destroy();
  expect(ops(destroyed)).toEqual([`${PROJECT}-test delete`, "b delete", "d delete"]);
  expect(writes()).toEqual(["DELETE 192.0.2.4", "DELETE 192.0.2.2"]);
  expect(destroyed.outputs).toEqual({ old: { ids: [id(2), id(4)] }, new: undefined });
  expect(stack.state).toEqual([]);
  expect(stack.outputs).toBeUndefined();
});

test("preview plans a replace, an update, a create and a delete, with no request but supported_regions, and leaves state as it was", async () => {
  const stack = newStack([m("a", 1), m("b", 2), m("gone", 3)]);
  await stack.up();
  const before = JSON.stringify(stack.state);
  fake.resetRequests();
  setMappings(stack, [m("a", 5), m("b", 2, "us-west-2"), m("c", 6)]);
  const plan = await stack.preview();
  expect(ops(plan)).toEqual([
    `${PROJECT}-test same`,
    "a replace originIp",
    "b update region",
    "c create",
    "gone delete",
  ]);
  expect(plan.outputs.new).toEqual({ ids: [UNKNOWN, id(2), UNKNOWN] }); // ids not known before the create
  expect(fake.requests.filter((r) => r.route !== "supportedRegions")).toEqual([]); // a preview: no request but supported_regions
  expect(JSON.stringify(stack.state)).toBe(before);
  expect(held()).toEqual(["192.0.2.1 us-east-1", "192.0.2.2 us-east-1", "192.0.2.3 us-east-1"]);
});

test("a failed step fails the update and names it; no further step starts, state is kept and nothing is deleted", async () => {
  const stack = newStack([m("a", 1), m("b", 2)], {}, 1);
  await stack.up();
  fake.seed(zone, [{ origin_ip: "192.0.2.9", vendor: "gcp", region: "us-central1" }]); // someone else's mapping
  setMappings(stack, [m("a", 9), m("c", 3)]); // a moves onto it; b is removed; c is new
  fake.resetRequests();
  const error = await failureOf(stack.up());
  expect(error).toBeInstanceOf(UpdateFailedError);
  const result = (error as UpdateFailedError).result;
  expect(ops(result)).toEqual([`${PROJECT}-test same`, "a replace originIp ERROR"]); // c never started, b not deleted
  expect(result.changes[1].error).toMatch(/already maps 192\.0\.2\.9 to vendor gcp/);
  expect((error as Error).message).toMatch(/^update failed: a: creating origin cloud region mapping 192\.0\.2\.9/);
  expect(writes()).toEqual([]);
  expect(stack.state.map((r) => `${r.name} ${r.entry.id}`)).toEqual([`a ${id(1)}`, `b ${id(2)}`]);
  expect(stack.outputs).toEqual({ ids: [id(1), id(2)] });

  setMappings(stack, [m("a", 1), m("c", 3)]);
  expect(ops(await stack.up())).toEqual([`${PROJECT}-test same`, "a same", "c create", "b delete"]);
  expect(held()).toEqual(["192.0.2.1 us-east-1", "192.0.2.3 us-east-1", "192.0.2.9 us-central1"]);
});

test("refresh reads every resource with the code in state: drift is an update, a mapping deleted outside is removed", async () => {
  const stack = newStack([m("a", 1), m("b", 2)]);
  await stack.up();
  const outside = new OriginCloudRegionsApi({ credentials: { apiToken: FAKE_TOKEN }, baseUrl: fake.baseUrl });
  await outside.delete(zone, "192.0.2.1");
  await outside.put(zone, { origin_ip: "192.0.2.2", vendor: "aws", region: "eu-west-1" });
  fake.resetRequests();
  const refreshed = await stack.refresh();
  expect(ops(refreshed)).toEqual([`${PROJECT}-test same`, "a delete", "b update region"]);
  expect(writes()).toEqual([]);
  expect(stack.state.map((r) => `${r.name} ${r.entry.outputs.region}`)).toEqual(["b eu-west-1"]);
});

test("a program error is the update's error; a resource the replay cannot drive is a failed step", async () => {
  const noZone = newStack([m("a", 1)]);
  delete noZone.config[`${PROJECT}:zoneId`];
  await expect(noZone.up()).rejects.toThrow(/Missing required configuration variable 'replay-test:zoneId'/);

  const withComponent = newStack([], { [`${PROJECT}:withComponent`]: "true" });
  const error = await failureOf(withComponent.up());
  expect(error).toBeInstanceOf(UpdateFailedError);
  expect((error as Error).message).toBe(
    "update failed: group: the replay drives dynamic-provider resources only (no components, providers or Resource.get): test:index:Group is not one",
  );
});
