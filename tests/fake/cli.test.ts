/**
 * The fake's command-line entry point, run as a real child process the way the demo and humans use it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "child_process";
import path from "path";
import { parseCli } from "./cli";
import { FAKE_TOKEN } from "./server";
import { call, newZone, rawCall, regionsPath } from "./test-helpers";

const ROOT = path.resolve(__dirname, "../..");
const ZONE = newZone();

interface Running {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

/** Spawns the CLI and resolves once `lineCount` stdout lines arrived (or the process ended). */
function runCli(args: string[], lineCount = 3): Promise<Running> {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "tests/fake/cli.ts", ...args], {
    cwd: ROOT,
  });
  let stdout = "";
  let stderr = "";
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve) => {
    const done = () =>
      resolve({
        child,
        lines: stdout.split("\n").filter((l, i, all) => l !== "" || i < all.length - 1),
        exit,
        stderr: () => stderr,
      });
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (stdout.split("\n").length > lineCount) done();
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    void exit.then(done);
  });
}

/** A FakeCloudflare-shaped handle for the raw-HTTP helpers: they only need `baseUrl`. */
const remote = (baseUrl: string) => ({ baseUrl }) as Parameters<typeof call>[0];

describe("fake-cloudflare CLI", () => {
  it("prints the base URL first and the token next, serves the API with that token, and exits cleanly on SIGTERM", async () => {
    const run = await runCli(["--port", "0"]);
    try {
      expect(run.lines[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
      expect(run.lines[1]).toBe(`tokens: ${FAKE_TOKEN}`);
      const token = run.lines[1].split(" ")[1];
      const fake = remote(run.lines[0]);
      const put = await call(fake, "PUT", `${regionsPath(ZONE)}/2001:DB8::1`, {
        auth: { Authorization: `Bearer ${token}` },
        body: { origin_ip: "2001:db8::1", vendor: "aws", region: "us-east-1" },
      });
      expect(put.status).toBe(200);
      expect(put.json.result.origin_ip).toBe("2001:db8::1");
      const list = await call(fake, "GET", regionsPath(ZONE), { auth: { Authorization: `Bearer ${token}` } });
      expect(list.json.result_info.total_count).toBe(1);
      expect(list.headers["ratelimit-policy"]).toBe('"default";q=1200;w=300');
    } finally {
      run.child.kill("SIGTERM");
    }
    expect(await run.exit).toEqual({ code: 0, signal: null });
  });

  it("honours --token, --rate-limit and --latency-ms, and stops on SIGINT", async () => {
    const token = "Custom_Token-0123456789abcdefghijklmnopq";
    const run = await runCli(["--port", "0", "--token", token, "--rate-limit", "2/60", "--latency-ms", "150"]);
    try {
      expect(run.lines[1]).toBe(`tokens: ${token}`);
      const fake = remote(run.lines[0]);
      const auth = { Authorization: `Bearer ${token}` };
      const t0 = Date.now();
      expect((await call(fake, "GET", regionsPath(ZONE), { auth })).status).toBe(200);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
      expect((await call(fake, "GET", regionsPath(ZONE), { auth })).status).toBe(200);
      const limited = await call(fake, "GET", regionsPath(ZONE), { auth });
      expect(limited.status).toBe(429);
      expect(limited.headers["retry-after"]).toMatch(/^\d+$/);
      expect(
        (await call(fake, "GET", regionsPath(ZONE), { auth: { Authorization: `Bearer ${FAKE_TOKEN}` } })).status,
      ).toBe(403);
    } finally {
      run.child.kill("SIGINT");
    }
    expect(await run.exit).toEqual({ code: 0, signal: null });
  });

  it("--rate-limit off drops the budget headers", async () => {
    const run = await runCli(["--port", "0", "--rate-limit", "off"]);
    try {
      const res = await rawCall(remote(run.lines[0]), "GET", `/client/v4${regionsPath(ZONE)}`);
      expect(res.status).toBe(200);
      expect(res.headers.ratelimit).toBeUndefined();
    } finally {
      run.child.kill("SIGTERM");
    }
    await run.exit;
  });

  it("--help prints usage and exits 0", async () => {
    const run = await runCli(["--help"]);
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.lines[0]).toMatch(/^Usage: fake-cloudflare/);
    expect(run.lines.join("\n")).toContain("--rate-limit COUNT/SECONDS");
  });

  // Each spawn costs about a second; the remaining flag errors are covered through parseCli below.
  it.each([
    [["--bogus"], /Unknown option/],
    [["--rate-limit", "1200"], /COUNT\/SECONDS/],
    [["--token", "too-short"], /40 characters/],
  ])("bad flags %j → usage on stderr, exit 2", async (args, message) => {
    const run = await runCli(args);
    expect(await run.exit).toEqual({ code: 2, signal: null });
    expect(run.lines).toEqual([]);
    expect(run.stderr()).toMatch(message);
    expect(run.stderr()).toContain("Usage: fake-cloudflare");
  });
});

describe("parseCli", () => {
  it("maps flags onto FakeOptions", () => {
    expect(parseCli([])).toEqual({ kind: "run", options: { port: 8787 } });
    expect(
      parseCli([
        "--port",
        "0",
        "--token",
        "a",
        "--token",
        "b",
        "--zone",
        "z",
        "--latency-ms",
        "5",
        "--rate-limit",
        "10/20",
        "--max-mappings",
        "7",
      ]),
    ).toEqual({
      kind: "run",
      options: {
        port: 0,
        tokens: ["a", "b"],
        zones: ["z"],
        latencyMs: 5,
        rateLimit: { count: 10, windowSeconds: 20 },
        maxMappingsPerZone: 7,
      },
    });
    expect(parseCli(["--rate-limit", "off"])).toEqual({ kind: "run", options: { port: 8787, rateLimit: false } });
    expect(parseCli(["--help"])).toEqual({ kind: "help" });
  });

  it.each([
    [["--port"], /argument missing/],
    [["--port", "abc"], /--port expects/],
    [["--port", "70000"], /at most 65535/],
    [["--latency-ms=-1"], /--latency-ms expects/],
    [["--latency-ms", "-1"], /ambiguous/],
    [["--max-mappings", "1.5"], /--max-mappings expects/],
    [["--rate-limit", "0/10"], /COUNT\/SECONDS/],
    [["--rate-limit", "10/"], /COUNT\/SECONDS/],
    [["extra-positional"], /positional/i],
  ])("rejects %j", (args, message) => {
    const result = parseCli(args);
    expect(result.kind).toBe("error");
    expect(result.kind === "error" && result.message).toMatch(message);
  });
});
