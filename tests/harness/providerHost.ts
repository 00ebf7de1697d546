import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";
import { childEnv } from "./childCoverage";
import { HOST_NODE, HOST_PULUMI_DIR } from "./versions";

/* eslint-disable @typescript-eslint/no-explicit-any -- the generated gRPC stubs are untyped JavaScript */
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi"));
// The gRPC and protobuf copies @pulumi/pulumi resolves: a second copy would not recognise its message classes.
const fromPulumi = (m: string) => require(require.resolve(m, { paths: [pulumiDir] }));
const grpc = fromPulumi("@grpc/grpc-js");
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const rpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const pb = require("@pulumi/pulumi/proto/provider_pb");
const statuspb = require("@pulumi/pulumi/proto/status_pb");

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const PACKAGE_NAME = "pulumi-cloudflare-origin-cloud-regions";
export type Props = Record<string, unknown>;

/**
 * A throwaway Pulumi project that has this package installed, as a user's would: the provider host runs from the
 * project directory and resolves the serialized provider's `require`s there. `packageDir` lets a test install
 * another copy of the package (an "upgrade").
 */
export function makeUserProject(packageDir: string = REPO_ROOT): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ocr-project-"));
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(packageDir, path.join(dir, "node_modules", PACKAGE_NAME), "dir");
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "user-project", dependencies: { [PACKAGE_NAME]: "*" } }),
  );
  return dir;
}

/**
 * A clock the test moves for a provider host: pass `env` and `preloads` to {@link ProviderHost.start}, then
 * `advance(ms)` makes `Date.now()` in that host run `ms` further ahead of real time (tests/harness/hostClock.js), e.g.
 * to age the provider's shared zone listing past its bound without sleeping.
 */
export function hostClock(): {
  env: Record<string, string>;
  preloads: string[];
  advance: (ms: number) => void;
  remove: () => void;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ocr-clock-"));
  const file = path.join(dir, "offset-ms");
  let offset = 0;
  fs.writeFileSync(file, "0");
  return {
    env: { OCR_TEST_CLOCK_FILE: file },
    preloads: [path.join(__dirname, "hostClock.js")],
    advance: (ms) => fs.writeFileSync(file, String((offset += ms))),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export interface HostOptions {
  /** Stack config handed to Configure, fully namespaced (`cloudflare:apiToken`). */
  config?: Record<string, string>;
  /** Environment of the host process; credentials absent unless given here. */
  env?: Record<string, string | undefined>;
  /** Scripts the host loads before anything else (absolute paths), such as {@link hostClock}'s. */
  preloads?: string[];
  /** Project directory the host runs from (default: a fresh {@link makeUserProject}). */
  projectDir?: string;
  /** The node executable that runs the host (default: versions.ts's HOST_NODE, else the one running the tests). */
  node?: string;
  /** Hears every line the host writes, as {@link ProviderHost.output} gets it (an engine's log over many hosts). */
  onOutput?: (line: string) => void;
}

/** Error of a failed RPC: the gRPC status code and the host's message. */
export interface RpcError extends Error {
  code: number;
  details: string;
  /**
   * Pulumi's partial-state error (`ErrorResourceInitFailed`): the provider threw an error carrying `id` and
   * `properties`, so the engine keeps the resource in state with these outputs and its init errors.
   */
  initFailed?: { id: string; properties: Props; reasons: string[] };
}

/**
 * The real dynamic provider host (`@pulumi/pulumi/cmd/dynamic-provider`), spawned and driven over gRPC exactly as
 * the engine drives it: port handshake on the first stdout line, `Configure` first, then resource RPCs.
 */
export class ProviderHost {
  /** Everything the host wrote after the port line: what the Pulumi CLI would show as provider output. */
  readonly output: string[] = [];

  /** Settles when the process has exited and its output streams are read to the end. */
  private readonly closed: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: any,
    /** A project directory this host made for itself, removed on stop. */
    private readonly ownProject?: string,
  ) {
    this.closed = new Promise((resolve) => child.once("close", () => resolve()));
  }

  /** The host's process id: a new one per deployment, as the CLI starts a host per command. */
  get pid(): number {
    return this.child.pid!;
  }

  static async start(options: HostOptions = {}): Promise<ProviderHost> {
    const ownProject = options.projectDir ? undefined : makeUserProject();
    const cwd = options.projectDir ?? ownProject!;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PULUMI_NODEJS_PROJECT: "proj",
      ...childEnv(options.preloads),
      ...options.env,
    };
    // As the engine does, the host is the project's own @pulumi/pulumi; a project without one gets the suites' (versions.ts).
    const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", {
      paths: [cwd, HOST_PULUMI_DIR ?? REPO_ROOT],
    });
    const child = spawn(options.node ?? HOST_NODE ?? process.execPath, [script, "127.0.0.1:0"], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines = readline.createInterface({ input: child.stdout! });
    const port = await new Promise<number>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`provider host exited (${code}) before printing its port`)));
      lines.once("line", (line) => resolve(Number(line.trim())));
    });
    const host = new ProviderHost(
      child,
      new rpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()),
      ownProject,
    );
    const hear = (l: string) => {
      host.output.push(l);
      options.onOutput?.(l);
    };
    lines.on("line", hear);
    readline.createInterface({ input: child.stderr! }).on("line", hear);
    const configure = new pb.ConfigureRequest();
    configure.setArgs(Struct.fromJavaScript(options.config ?? {}));
    await host.call("configure", configure);
    return host;
  }

  async check(
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const req = new pb.CheckRequest();
    req.setUrn(urn);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    const res = await this.call("check", req);
    return {
      inputs: res.getInputs().toJavaScript(),
      failures: res.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(
    urn: string,
    id: string,
    olds: Props,
    news: Props,
    oldInputs: Props,
  ): Promise<{ changes: "unknown" | "none" | "some"; replaces: string[]; deleteBeforeReplace: boolean }> {
    const req = new pb.DiffRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    req.setOldInputs(Struct.fromJavaScript(oldInputs));
    const res = await this.call("diff", req);
    return {
      changes: (["unknown", "none", "some"] as const)[res.getChanges()],
      replaces: res.getReplacesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
    };
  }

  async create(urn: string, inputs: Props): Promise<{ id: string; outputs: Props }> {
    const req = new pb.CreateRequest();
    req.setUrn(urn);
    req.setProperties(Struct.fromJavaScript(inputs));
    const res = await this.call("create", req);
    return { id: res.getId(), outputs: res.getProperties().toJavaScript() };
  }

  async update(urn: string, id: string, olds: Props, news: Props): Promise<Props> {
    const req = new pb.UpdateRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    return (await this.call("update", req)).getProperties().toJavaScript();
  }

  async read(
    urn: string,
    id: string,
    properties: Props,
    inputs: Props,
  ): Promise<{ id: string; outputs: Props; inputs?: Props }> {
    const req = new pb.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(Struct.fromJavaScript(properties));
    req.setInputs(Struct.fromJavaScript(inputs));
    const res = await this.call("read", req);
    return {
      id: res.getId(),
      outputs: res.getProperties()?.toJavaScript() ?? {},
      inputs: res.getInputs()?.toJavaScript(),
    };
  }

  async delete(urn: string, id: string, properties: Props, oldInputs: Props): Promise<void> {
    const req = new pb.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(Struct.fromJavaScript(properties));
    req.setOldInputs(Struct.fromJavaScript(oldInputs));
    await this.call("delete", req);
  }

  /**
   * Resolves with the first output line from index `from` on that matches: the host writes logs on its own streams,
   * which may arrive after the RPC's answer. Rejects after `timeoutMs` with what was seen.
   */
  waitForOutput(pattern: RegExp, from = 0, timeoutMs = 5000): Promise<string> {
    return waitForLine(this.output, pattern, from, timeoutMs);
  }

  /** Ends the process; resolves once everything it wrote is in {@link output}, so nothing is lost to the stop. */
  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
    await this.closed;
    if (this.ownProject) fs.rmSync(this.ownProject, { recursive: true, force: true });
  }

  private call(method: string, req: unknown): Promise<any> {
    return new Promise((resolve, reject) =>
      this.client[method](req, (err: RpcError | null, res: unknown) =>
        err ? reject(withInitFailure(err)) : resolve(res),
      ),
    );
  }
}

/** The first line of `lines` from index `from` on that matches, polling while lines may still arrive. */
export async function waitForLine(
  lines: readonly string[],
  pattern: RegExp,
  from = 0,
  timeoutMs = 5000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = lines.slice(from).find((l) => pattern.test(l));
    if (line !== undefined) return line;
    if (Date.now() > deadline)
      throw new Error(`no host output matched ${pattern}; got:\n${lines.slice(from).join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Unpacks `ErrorResourceInitFailed` from `grpc-status-details-bin`, as the engine does. */
function withInitFailure(err: RpcError & { metadata?: any }): RpcError {
  const [bin] = err.metadata?.get?.("grpc-status-details-bin") ?? [];
  if (!bin) return err;
  for (const detail of statuspb.Status.deserializeBinary(bin).getDetailsList()) {
    if (!detail.getTypeUrl().endsWith("pulumirpc.ErrorResourceInitFailed")) continue;
    const failed = pb.ErrorResourceInitFailed.deserializeBinary(detail.getValue());
    err.initFailed = {
      id: failed.getId(),
      properties: failed.getProperties()?.toJavaScript() ?? {},
      reasons: failed.getReasonsList(),
    };
  }
  return err;
}
