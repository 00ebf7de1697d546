// A fake of the engine's own gRPC service (pulumirpc.Engine, proto/pulumi/engine.proto) on 127.0.0.1, at the address
// the engine gives a plugin as its argument: it records each LogRequest, as the engine's host server takes it
// (pkg/host/host_server.go `Log`), and can answer late, fail, or never answer, to test what a plugin does then.
import * as path from "path";

/* eslint-disable @typescript-eslint/no-explicit-any -- the generated gRPC stubs are untyped JavaScript */
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
// The gRPC and protobuf copies @pulumi/pulumi resolves: a second copy would not recognise its message classes.
const fromPulumi = (m: string) => require(require.resolve(m, { paths: [pulumiDir] }));
const grpc = fromPulumi("@grpc/grpc-js");
const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb");
const { EngineService } = require("@pulumi/pulumi/proto/engine_grpc_pb");
const enginePb = require("@pulumi/pulumi/proto/engine_pb");

export type Severity = "DEBUG" | "INFO" | "WARNING" | "ERROR";
const SEVERITIES: Severity[] = ["DEBUG", "INFO", "WARNING", "ERROR"];

/** One LogRequest as the engine received it. */
export interface LogEntry {
  severity: Severity;
  message: string;
  urn: string;
  streamId: number;
  ephemeral: boolean;
}

/** How the fake answers a Log call. */
export type LogAnswer =
  /** Takes the line, after `delayMs` (default 0). */
  | { kind: "ok"; delayMs?: number }
  /** Refuses it with a gRPC error (INTERNAL), as an engine does for a severity it does not know. */
  | { kind: "fail" }
  /** Never answers (until stop()). */
  | { kind: "hang" };

export class FakeEngine {
  /** Every LogRequest received, in order of arrival. */
  readonly received: LogEntry[] = [];
  /** Those the fake answered with success, in order of answer. */
  readonly logged: LogEntry[] = [];
  /** How the next Log calls are answered. */
  answer: LogAnswer = { kind: "ok" };

  private constructor(
    private readonly server: any,
    /** `127.0.0.1:<port>`: the argument the engine starts a plugin with. */
    readonly address: string,
  ) {}

  static async start(): Promise<FakeEngine> {
    const server = new grpc.Server();
    const engine: { fake?: FakeEngine } = {};
    server.addService(EngineService, {
      log: (call: any, callback: (err: unknown, res?: unknown) => void) => engine.fake!.log(call.request, callback),
      getRootResource: (_: unknown, callback: (err: unknown, res?: unknown) => void) =>
        callback(null, new enginePb.GetRootResourceResponse()),
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, p: number) =>
        err ? reject(err) : resolve(p),
      ),
    );
    engine.fake = new FakeEngine(server, `127.0.0.1:${port}`);
    return engine.fake;
  }

  /** The entries of severity WARNING. */
  warnings(): LogEntry[] {
    return this.received.filter((e) => e.severity === "WARNING");
  }

  /** Stops at once, dropping calls left unanswered. */
  stop(): Promise<void> {
    this.server.forceShutdown();
    return Promise.resolve();
  }

  private log(req: any, callback: (err: unknown, res?: unknown) => void): void {
    const entry: LogEntry = {
      severity: SEVERITIES[req.getSeverity()],
      message: req.getMessage(),
      urn: req.getUrn(),
      streamId: req.getStreamid(),
      ephemeral: req.getEphemeral(),
    };
    this.received.push(entry);
    const answer = this.answer;
    if (answer.kind === "hang") return;
    if (answer.kind === "fail") return callback({ code: grpc.status.INTERNAL, details: "the fake engine refused it" });
    setTimeout(() => {
      this.logged.push(entry);
      callback(null, new Empty());
    }, answer.delayMs ?? 0);
  }
}
