import * as path from "path";
import type { Props, RpcError } from "./providerHost";
import { HOST_PULUMI_VERSION, hostSupportsGet, OLD_HOST_GET_ERROR } from "./versions";

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the untyped dynamic-provider host */
// The protobuf copy @pulumi/pulumi's host uses, for the same Struct conversions.
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] }));

/**
 * The provider host's contract, served in the test process instead of a child: only for `npm run test:mutation`
 * (OCR_IN_PROCESS_HOST=1), so that StrykerJS's mutants, which live in the test process's copy of provider/, reach
 * the host suites and are attributed to the tests that ran them. `npm test` always uses the real host.
 *
 * It does what `@pulumi/pulumi/cmd/dynamic-provider` does around each call: protobuf Struct round trips of every
 * message, `__provider` carried into inputs and outputs, `configure` once before the first call, errors as gRPC
 * UNKNOWN with the error's message, Pulumi's partial-state error for an error with an `id`, and the host's
 * `console.error` line for errors of check, diff, read and delete. Each instance loads its own copy of the package
 * (jest.isolateModules), so, like a host process, it has its own API client and deployment view.
 */
export class InProcessHost {
  readonly output: string[] = [];
  private runtime!: Record<"originCloudRegion" | "originCloudRegionSet", any>;
  private readonly configured = new Set<string>();
  private static live = new Set<InProcessHost>();
  private static restoreConsole: (() => void) | undefined;

  constructor(private readonly config: Record<string, string>) {
    jest.isolateModules(() => {
      this.runtime = require("../../provider").providerRuntimeV1;
    });
    InProcessHost.live.add(this);
    InProcessHost.captureConsole();
  }

  async check(_urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    return this.serve(true, news, async (p) => {
      const result = await p.check(wire(olds), wire(news));
      const inputs = { ...(result.inputs ?? news), __provider: news.__provider };
      return { inputs: wire(inputs), failures: (result.failures ?? []).map((f: any) => ({ property: f.property, reason: f.reason })) };
    });
  }

  async diff(_urn: string, id: string, olds: Props, news: Props): Promise<{ changes: "unknown" | "none" | "some"; replaces: string[]; deleteBeforeReplace: boolean }> {
    return this.serve(true, news, async (p) => {
      const r = await p.diff(id, wire(olds), wire(news));
      return { changes: r.changes === true ? "some" : r.changes === false ? "none" : "unknown", replaces: r.replaces ?? [], deleteBeforeReplace: !!r.deleteBeforeReplace };
    });
  }

  async create(_urn: string, inputs: Props): Promise<{ id: string; outputs: Props }> {
    return this.serve(false, inputs, async (p) => {
      const r = await p.create(wire(inputs));
      return { id: r.id, outputs: wire({ ...r.outs, __provider: inputs.__provider }) };
    });
  }

  async update(_urn: string, id: string, olds: Props, news: Props): Promise<Props> {
    return this.serve(false, news, async (p) => {
      const r = (await p.update(id, wire(olds), wire(news))) ?? {};
      return wire({ ...r.outs, __provider: news.__provider });
    });
  }

  async read(_urn: string, id: string, properties: Props, inputs: Props): Promise<{ id: string; outputs: Props; inputs?: Props }> {
    if (properties.__provider === undefined) {
      // A `get`: the engine sends no old outputs; only hosts from GET_SUPPORTED_SINCE take `__provider` from the inputs.
      if (!hostSupportsGet(HOST_PULUMI_VERSION)) return this.serve(true, {}, () => Promise.reject(new TypeError(OLD_HOST_GET_ERROR)));
      properties = { ...properties, __provider: inputs.__provider };
    }
    return this.serve(true, properties, async (p) => {
      const r = await p.read(id, wire(properties));
      const inputs = r.inputs ? wire({ ...r.inputs, __provider: properties.__provider }) : undefined;
      return { id: r.id, outputs: wire({ ...r.props, __provider: properties.__provider }), inputs };
    });
  }

  async delete(_urn: string, id: string, properties: Props): Promise<void> {
    return this.serve(true, properties, (p) => p.delete(id, wire(properties)));
  }

  async waitForOutput(pattern: RegExp, from = 0, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.output.slice(from).find((l) => pattern.test(l));
      if (line !== undefined) return line;
      if (Date.now() > deadline) throw new Error(`no host output matched ${pattern}; got:\n${this.output.slice(from).join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    InProcessHost.live.delete(this);
    if (InProcessHost.live.size === 0) InProcessHost.restoreConsole?.();
  }

  /** The provider `__provider` names (the set's shim calls `originCloudRegionSet`), configured on first use. */
  private async serve<T>(logsErrors: boolean, props: Props, call: (provider: any) => Promise<T>): Promise<T> {
    try {
      const text = String(props.__provider ?? "");
      const kind = text.includes("originCloudRegionSet") ? "originCloudRegionSet" : "originCloudRegion";
      const provider = this.runtime[kind];
      if (!this.configured.has(kind)) {
        this.configured.add(kind);
        await provider.configure({ config: { get: (key: string) => this.config[key] } });
      }
      return await call(provider);
    } catch (e) {
      const error = e as Error & { id?: string; properties?: Props; reasons?: string[] };
      if (logsErrors) console.error(`${error}: ${error.stack}`);
      const rpc = Object.assign(new Error(`2 UNKNOWN: ${error.message}`), { code: 2, details: error.message }) as RpcError;
      if (!logsErrors && error.id) rpc.initFailed = { id: error.id, properties: wire(error.properties ?? {}), reasons: error.reasons ?? [] };
      throw rpc;
    }
  }

  /** Routes the provider's console lines to every live in-process host, as a host's streams carry them. */
  private static captureConsole(): void {
    if (InProcessHost.restoreConsole) return;
    const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
    for (const method of Object.keys(saved) as (keyof typeof saved)[]) {
      console[method] = (...args: unknown[]) => {
        const text = args.map((a) => (typeof a === "string" ? a : String(a))).join(" ");
        for (const host of InProcessHost.live) host.output.push(...text.split("\n"));
      };
    }
    InProcessHost.restoreConsole = () => {
      Object.assign(console, saved);
      InProcessHost.restoreConsole = undefined;
    };
  }
}

/** A message as it arrives after gRPC: through a protobuf Struct and back. */
function wire(props: Props): Props {
  return Struct.fromJavaScript(props).toJavaScript() as Props;
}
