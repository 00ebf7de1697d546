// What the e2e suites share: whether a real `pulumi` is on PATH (the suite's title says why it is skipped if not),
// and one stack of a project run by that CLI against a fake API, on a file backend of its own.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FAKE_TOKEN, FakeCloudflare } from "../fake/server";

export const hasPulumi = spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;

/** `describe` where `pulumi` is on PATH; elsewhere `describe.skip` with the reason in the title `npm test` prints. */
export function e2eSuite(name: string, body: () => void): void {
  if (hasPulumi) describe(name, body);
  else describe.skip(`${name}, skipped: no pulumi CLI on PATH`, body);
}

/** One stack of the project at `cwd`, driven by the real CLI; call {@link start} in beforeAll, {@link stop} in afterAll. */
export class E2eStack {
  fake!: FakeCloudflare;
  private backend = "";
  private env: NodeJS.ProcessEnv = {};

  constructor(
    private readonly cwd: string,
    private readonly stack: string,
    private readonly zone: string,
  ) {}

  /**
   * Starts the fake and a file backend, creates the stack, and sets `zoneId` and the provider's `baseUrl` (the fake's)
   * and secret `apiToken` (the fake's token) in the config namespace `namespace`.
   */
  async start(namespace: string): Promise<void> {
    this.fake = await FakeCloudflare.start();
    this.backend = fs.mkdtempSync(path.join(os.tmpdir(), "ocr-e2e-backend-"));
    this.env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${this.backend}`,
      PULUMI_CONFIG_PASSPHRASE: "e2e",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      CLOUDFLARE_API_TOKEN: undefined,
      CLOUDFLARE_BASE_URL: undefined,
    };
    spawnSync("pulumi", ["stack", "init", this.stack, "--non-interactive"], { cwd: this.cwd, env: this.env });
    this.ok("config", "set", "zoneId", this.zone);
    this.ok("config", "set", `${namespace}:baseUrl`, this.fake.baseUrl);
    this.ok("config", "set", "--secret", `${namespace}:apiToken`, FAKE_TOKEN);
  }

  /** Destroys what is left, removes the stack, stops the fake and removes the backend. */
  async stop(): Promise<void> {
    this.pulumi("destroy", "--yes");
    spawnSync("pulumi", ["stack", "rm", "--yes", "--force", this.stack, "--non-interactive"], {
      cwd: this.cwd,
      env: this.env,
    });
    await this.fake?.stop();
    if (this.backend) fs.rmSync(this.backend, { recursive: true, force: true });
  }

  /** `pulumi <args>` on this stack: its exit status and everything it printed. */
  pulumi(...args: string[]): { status: number | null; output: string } {
    const result = spawnSync("pulumi", [...args, "--non-interactive", "--stack", this.stack], {
      cwd: this.cwd,
      env: this.env,
      encoding: "utf8",
    });
    return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
  }

  /** `pulumi <args>` that must succeed: its output. */
  ok(...args: string[]): string {
    const result = this.pulumi(...args);
    if (result.status !== 0) throw new Error(`pulumi ${args.join(" ")} failed:\n${result.output}`);
    return result.output;
  }

  /** The zone's mappings at the fake, as `ip vendor/region`, sorted. */
  held(): string[] {
    return this.fake
      .mappings(this.zone)
      .map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`)
      .sort();
  }
}
