// End to end with the real Pulumi CLI on examples/basic (the repository's Pulumi.yaml) against the fake API.
// Runs only where a `pulumi` binary is on PATH; elsewhere the suite is skipped with its reason as its title, which
// `npm test` prints (tests/harness/skippedSuitesReporter.js).
import { FAKE_TOKEN } from "../fake/server";
import { REPO_ROOT } from "../harness/providerHost";
import { E2eStack, e2eSuite } from "./stack";

const ZONE = "0000000000000000000000000000e2e0";

e2eSuite("real pulumi CLI on examples/basic", () => {
  jest.setTimeout(300_000);
  const stack = new E2eStack(REPO_ROOT, `e2e${process.pid}`, ZONE);
  const ok = (...args: string[]) => stack.ok(...args);

  beforeAll(async () => {
    await stack.start("cloudflare");
  });
  afterAll(() => stack.stop());

  test("preview sends no request but supported_regions", () => {
    stack.fake.resetRequests();
    ok("preview");
    expect(stack.fake.requests.filter((r) => r.route !== "supportedRegions")).toEqual([]);
  });

  test("up creates both mappings in canonical form; a second preview expects no changes", () => {
    ok("up", "--yes", "--skip-preview");
    expect(stack.held()).toEqual(["192.0.2.1 aws/us-east-1", "2001:db8::1 gcp/us-central1"]);
    ok("preview", "--expect-no-changes");
  });

  test("state holds no credential", () => {
    expect(ok("stack", "export", "--show-secrets")).not.toContain(FAKE_TOKEN);
  });

  test("refresh picks up drift and up puts it back", () => {
    stack.fake.seed(ZONE, [{ origin_ip: "192.0.2.1", vendor: "aws", region: "us-west-2" }]);
    ok("refresh", "--yes", "--skip-preview");
    expect(ok("stack", "export")).toContain("us-west-2");
    ok("up", "--yes", "--skip-preview");
    expect(stack.held()).toContain("192.0.2.1 aws/us-east-1");
  });

  test("destroy removes both mappings", () => {
    ok("destroy", "--yes", "--skip-preview");
    expect(stack.held()).toEqual([]);
  });
});
