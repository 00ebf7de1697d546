import { spawn, type ChildProcess } from "child_process";
import * as path from "path";
import * as readline from "readline";
import { childEnv } from "./childCoverage";
import { REPO_ROOT } from "./providerHost";

/* eslint-disable @typescript-eslint/no-explicit-any -- the generated gRPC stubs are untyped JavaScript */
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
// The gRPC and protobuf copies @pulumi/pulumi resolves: a second copy would not recognise its message classes.
const fromPulumi = (m: string) => require(require.resolve(m, { paths: [pulumiDir] }));
const grpc = fromPulumi("@grpc/grpc-js");
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb");
const rpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const pb = require("@pulumi/pulumi/proto/provider_pb");
const pluginPb = require("@pulumi/pulumi/proto/plugin_pb");
const statuspb = require("@pulumi/pulumi/proto/status_pb");

export type Props = Record<string, unknown>;
export const PACKAGE = "cloudflare-origin-cloud-regions";
export const TOKENS = {
  mapping: `${PACKAGE}:index:OriginCloudRegion`,
  set: `${PACKAGE}:index:OriginCloudRegionSet`,
  getOriginCloudRegions: `${PACKAGE}:index:getOriginCloudRegions`,
  getSupportedRegions: `${PACKAGE}:index:getSupportedRegions`,
} as const;
/** The built plugin's executable and folder in this repository. */
export const PLUGIN_MAIN = path.join(REPO_ROOT, "dist", "provider", "plugin", "main.js");
export const PLUGIN_DIR = path.join(REPO_ROOT, "plugin");

/** A secret as the engine sends it (`acceptSecrets`). */
export const secret = (value: unknown): Props => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  value,
});
/** The engine's unknown value (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** A URN as the engine makes it: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export const urnOf = (type: string, name: string) => `urn:pulumi:dev::proj::${type}::${name}`;

/** How the engine starts the plugin. */
export type StartMode =
  /** `pulumi-resource-cloudflare-origin-cloud-regions <address>` (here: node + the built bin, or `command`). */
  | "executable"
  /** `node <@pulumi/pulumi>/cmd/run-plugin <plugin dir> <address>`, as the Node.js language host's RunPlugin. */
  | "runPlugin";

export interface PluginOptions {
  mode?: StartMode;
  /** Environment of the plugin; credentials absent unless given here. */
  env?: Record<string, string | undefined>;
  /** Arguments before the engine's address (`--logtostderr`, `-v=9`, `--tracing x`). */
  flags?: string[];
  /**
   * The engine's address handed over (a FakeEngine's, to receive the plugin's Log calls). Default: none, as no engine
   * serves one here; the plugin then writes its warnings to stderr, where `stderr` and `output` hear them.
   */
  engineAddress?: string;
  /** Working directory (default: the repository). */
  cwd?: string;
  /** Another executable (an installed bin), for mode "executable"; another plugin folder, for "runPlugin". */
  executable?: string;
  pluginDir?: string;
  /** The @pulumi/pulumi whose run-plugin starts a plugin folder (default: the suites'). */
  pulumiDir?: string;
  /** Hears every line the plugin writes after the port, on stderr or stdout (an engine's log over many plugins). */
  onOutput?: (line: string) => void;
}

/** A failed RPC: the gRPC code, the message, and the partial state (`ErrorResourceInitFailed`) if any. */
export interface PluginRpcError extends Error {
  code: number;
  details: string;
  initFailed?: { id: string; properties: Props; inputs: Props; reasons: string[] };
}

export interface CheckResult {
  inputs: Props;
  failures: { property: string; reason: string }[];
}
export interface DiffResult {
  changes: "unknown" | "none" | "some";
  replaces: string[];
  deleteBeforeReplace: boolean;
  diffs: string[];
}

/**
 * The provider plugin, started as the engine starts it (the port from the first stdout line) and called through
 * `@pulumi/pulumi/proto`'s client, one method per RPC the engine sends.
 */
export class PluginHost {
  /** Lines written to stdout after the port: there must be none. */
  readonly stdoutAfterPort: string[] = [];
  /** Every line written on stderr, and on stdout after the port, in order: what the CLI shows as provider output. */
  readonly output: string[] = [];
  private readonly closed: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: any,
    /** Milliseconds from spawn to the port printed. */
    readonly startMs: number,
    /** The first line on stdout, as printed. */
    readonly firstLine: string,
    /** Lines written to stderr (logs, warnings), as they arrive. */
    readonly stderr: string[],
  ) {
    this.closed = new Promise((resolve) => child.once("close", () => resolve()));
  }

  static async start(options: PluginOptions = {}): Promise<PluginHost> {
    const args = [...(options.flags ?? []), ...(options.engineAddress ? [options.engineAddress] : [])];
    const runPlugin = path.join(options.pulumiDir ?? pulumiDir, "cmd", "run-plugin");
    const [command, ...argv] =
      options.mode === "runPlugin"
        ? [process.execPath, runPlugin, options.pluginDir ?? PLUGIN_DIR, ...args]
        : options.executable
          ? [options.executable, ...args]
          : [process.execPath, PLUGIN_MAIN, ...args];
    const began = Date.now();
    const child = spawn(command, argv, {
      cwd: options.cwd ?? REPO_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...childEnv(), ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stderr: string[] = [];
    const started: { host?: PluginHost } = {};
    const early: string[] = []; // stderr lines before the port, handed to the host once it exists
    const hear = (l: string) => {
      if (!started.host) {
        early.push(l);
        return;
      }
      started.host.output.push(l);
      options.onOutput?.(l);
    };
    readline.createInterface({ input: child.stderr! }).on("line", (l) => {
      stderr.push(l);
      hear(l);
    });
    const lines = readline.createInterface({ input: child.stdout! });
    const firstLine = await new Promise<string>((resolve, reject) => {
      child.once("exit", (code) =>
        reject(new Error(`plugin exited (${code}) before printing its port:\n${stderr.join("\n")}`)),
      );
      lines.once("line", resolve);
    });
    const client = new rpc.ResourceProviderClient(`127.0.0.1:${Number(firstLine)}`, grpc.credentials.createInsecure());
    const host = new PluginHost(child, client, Date.now() - began, firstLine, stderr);
    started.host = host;
    for (const l of early.splice(0)) hear(l);
    lines.on("line", (l) => {
      host.stdoutAfterPort.push(l);
      hear(l);
    });
    return host;
  }

  get pid(): number {
    return this.child.pid!;
  }

  async getPluginInfo(): Promise<string> {
    return (await this.call("getPluginInfo", new Empty())).getVersion();
  }

  async getSchema(): Promise<string> {
    return (await this.call("getSchema", new pb.GetSchemaRequest())).getSchema();
  }

  async checkConfig(news: Props, olds: Props = {}, urn = urnOf(`pulumi:providers:${PACKAGE}`, "default")) {
    const req = new pb.CheckRequest();
    req.setUrn(urn);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    return checkResult(await this.call("checkConfig", req));
  }

  async diffConfig(olds: Props, news: Props, urn = urnOf(`pulumi:providers:${PACKAGE}`, "default")) {
    const req = new pb.DiffRequest();
    req.setUrn(urn);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    req.setOldInputs(Struct.fromJavaScript(olds));
    return diffResult(await this.call("diffConfig", req));
  }

  /** Configure as the engine sends it: `args` (secrets wrapped or plain), `variables` keyed `<pkg>:config:<key>`. */
  async configure(args: Props): Promise<{ acceptSecrets: boolean; supportsPreview: boolean }> {
    const req = new pb.ConfigureRequest();
    req.setArgs(Struct.fromJavaScript(args));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    const variables = req.getVariablesMap();
    for (const [k, v] of Object.entries(args)) {
      if (k === "version") continue;
      const value = typeof v === "object" && v !== null && "value" in v ? (v as Props).value : v;
      variables.set(`${PACKAGE}:config:${k}`, typeof value === "string" ? value : JSON.stringify(value));
    }
    const res = await this.call("configure", req);
    return { acceptSecrets: res.getAcceptsecrets(), supportsPreview: res.getSupportspreview() };
  }

  async check(urn: string, olds: Props, news: Props): Promise<CheckResult> {
    const req = new pb.CheckRequest();
    req.setUrn(urn);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    return checkResult(await this.call("check", req));
  }

  async diff(urn: string, id: string, olds: Props, news: Props, oldInputs: Props = {}): Promise<DiffResult> {
    const req = new pb.DiffRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    req.setOldInputs(Struct.fromJavaScript(oldInputs));
    return diffResult(await this.call("diff", req));
  }

  async create(urn: string, properties: Props, preview = false): Promise<{ id: string; outputs: Props }> {
    const req = new pb.CreateRequest();
    req.setUrn(urn);
    req.setProperties(Struct.fromJavaScript(properties));
    req.setPreview(preview);
    const res = await this.call("create", req);
    return { id: res.getId(), outputs: res.getProperties()?.toJavaScript() ?? {} };
  }

  async read(
    urn: string,
    id: string,
    properties: Props = {},
    inputs: Props = {},
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

  async update(urn: string, id: string, olds: Props, news: Props, preview = false): Promise<Props> {
    const req = new pb.UpdateRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    req.setPreview(preview);
    return (await this.call("update", req)).getProperties()?.toJavaScript() ?? {};
  }

  async delete(urn: string, id: string, properties: Props, oldInputs: Props = {}): Promise<void> {
    const req = new pb.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(Struct.fromJavaScript(properties));
    req.setOldInputs(Struct.fromJavaScript(oldInputs));
    await this.call("delete", req);
  }

  async invoke(tok: string, args: Props): Promise<{ result?: Props; failures: CheckResult["failures"] }> {
    const req = new pb.InvokeRequest();
    req.setTok(tok);
    req.setArgs(Struct.fromJavaScript(args));
    const res = await this.call("invoke", req);
    return { result: res.getReturn()?.toJavaScript(), failures: checkResult(res).failures };
  }

  async cancel(): Promise<void> {
    await this.call("cancel", new Empty());
  }

  async attach(address: string): Promise<void> {
    const req = new pluginPb.PluginAttach();
    req.setAddress(address);
    await this.call("attach", req);
  }

  /** Ends the process; resolves once its streams are read to the end. */
  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
    await this.closed;
  }

  private call(method: string, req: unknown): Promise<any> {
    return new Promise((resolve, reject) =>
      this.client[method](req, (err: PluginRpcError | null, res: unknown) =>
        err ? reject(withInitFailure(err)) : resolve(res),
      ),
    );
  }
}

function checkResult(res: any): CheckResult {
  return {
    inputs: res.getInputs?.()?.toJavaScript() ?? {},
    failures: res.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
  };
}

function diffResult(res: any): DiffResult {
  return {
    changes: (["unknown", "none", "some"] as const)[res.getChanges()],
    replaces: res.getReplacesList(),
    deleteBeforeReplace: res.getDeletebeforereplace(),
    diffs: res.getDiffsList(),
  };
}

/** Unpacks `ErrorResourceInitFailed` from `grpc-status-details-bin`, as the engine does. */
function withInitFailure(err: PluginRpcError & { metadata?: any }): PluginRpcError {
  const [bin] = err.metadata?.get?.("grpc-status-details-bin") ?? [];
  if (!bin) return err;
  for (const detail of statuspb.Status.deserializeBinary(bin).getDetailsList()) {
    if (!detail.getTypeUrl().endsWith("pulumirpc.ErrorResourceInitFailed")) continue;
    const failed = pb.ErrorResourceInitFailed.deserializeBinary(detail.getValue());
    err.initFailed = {
      id: failed.getId(),
      properties: failed.getProperties()?.toJavaScript() ?? {},
      inputs: failed.getInputs()?.toJavaScript() ?? {},
      reasons: failed.getReasonsList(),
    };
  }
  return err;
}
