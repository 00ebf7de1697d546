/**
 * Pulumi's `ResourceProvider` service, served by the plugin: every RPC the engine sends to a resource provider.
 * `Construct`, `Call`, `Handshake`, `Parameterize` and the others are left to grpc-js's UNIMPLEMENTED, which the
 * engine takes as "not supported" (it then configures through `Configure`).
 */
import * as fs from "fs";
import * as path from "path";
import { checkConfig, configure, diffConfig } from "./config";
import { inRpc } from "./engineLog";
import { rpcError, unknownToken } from "./errors";
import { Empty, grpc, pb, pluginPb, plain, ResourceProviderService, struct } from "./proto";
import type { grpcTypes, providerTypes } from "./proto";
import { FUNCTIONS } from "./resources";
import { check, create, diff, failureOf, read, remove, update } from "./resourceRpcs";
import { reveal, type Props } from "./values";

/** The package root: the nearest folder above this file whose package.json is this package's. */
export function packageRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (
      fs.existsSync(file) &&
      JSON.parse(fs.readFileSync(file, "utf8")).name === "pulumi-cloudflare-origin-cloud-regions"
    )
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json of this package above ${from}`);
  }
}

/**
 * One unary RPC: `handle`'s answer, or its failure as the gRPC error the engine reads; answered once the lines it
 * logged reached the engine, attached to the resource `urnOf` names (engineLog.ts).
 */
function unary<Req, Res>(
  handle: (req: Req) => Promise<Res> | Res,
  failure: (e: unknown) => Partial<grpcTypes.StatusObject> = failureOf,
  urnOf: (req: Req) => string | undefined = () => undefined,
): grpcTypes.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    inRpc(urnOf(call.request), async () => handle(call.request)).then(
      (res) => callback(null, res),
      (e) => callback(failure(e)),
    );
  };
}

/** A resource RPC (Check, Diff, Create, Read, Update, Delete): what it logs is about the resource of its URN. */
function resourceRpc<Req extends { getUrn(): string }, Res>(handle: (req: Req) => Promise<Res>) {
  return unary(handle, failureOf, (req) => req.getUrn());
}

/** What the plugin remembers between calls: the engine's address, when it attached. */
export interface PluginState {
  engineAddress?: string;
}

function checkConfigRpc(req: providerTypes.CheckRequest): providerTypes.CheckResponse {
  const { inputs, failures } = checkConfig(plain(req.getNews()));
  const res = new pb.CheckResponse();
  res.setInputs(struct(inputs));
  res.setFailuresList(
    failures.map((f) => {
      const failure = new pb.CheckFailure();
      failure.setProperty(f.property);
      failure.setReason(f.reason);
      return failure;
    }),
  );
  return res;
}

function diffConfigRpc(req: providerTypes.DiffRequest): providerTypes.DiffResponse {
  const changed = diffConfig(plain(req.getOlds()), plain(req.getNews()));
  const res = new pb.DiffResponse();
  const { DIFF_SOME, DIFF_NONE } = pb.DiffResponse.DiffChanges;
  res.setChanges(changed.length > 0 ? DIFF_SOME : DIFF_NONE);
  res.setDiffsList(changed);
  res.setReplacesList([]);
  return res;
}

function configureRpc(req: providerTypes.ConfigureRequest): providerTypes.ConfigureResponse {
  const args = req.getArgs();
  if (args) configure(plain(args));
  else {
    // Engines that send only the deprecated `variables` map key it `<package>:config:<key>`.
    const entries = req.getVariablesMap().getEntryList() as [string, string][];
    configure(Object.fromEntries(entries.map(([k, v]) => [k.slice(k.lastIndexOf(":") + 1), v])));
  }
  const res = new pb.ConfigureResponse();
  res.setAcceptsecrets(true);
  res.setSupportspreview(false);
  res.setAcceptresources(false);
  res.setAcceptoutputs(false);
  return res;
}

async function invokeRpc(req: providerTypes.InvokeRequest): Promise<providerTypes.InvokeResponse> {
  const fn = FUNCTIONS[req.getTok()];
  if (!fn) throw Object.assign(new Error("unknown function"), { rpc: unknownToken("function", req.getTok()) });
  const args = reveal(plain(req.getArgs())) as Props;
  const res = new pb.InvokeResponse();
  const unknownArgs = Object.keys(args).filter((k) => k !== "zoneId");
  if (unknownArgs.length > 0) {
    res.setFailuresList(
      unknownArgs.map((k) => {
        const failure = new pb.CheckFailure();
        failure.setProperty(k);
        failure.setReason(`unknown argument ${JSON.stringify(k)}: ${req.getTok()} takes zoneId`);
        return failure;
      }),
    );
    return res;
  }
  res.setReturn(struct((await fn(args)) as Props));
  return res;
}

/** The service's handlers, as `server.addService` takes them. */
export function resourceProvider(state: PluginState): grpcTypes.UntypedServiceImplementation {
  const schemaFile = path.join(packageRoot(), "plugin", "schema.json");
  const version = JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")).version;
  return {
    getPluginInfo: unary(() => new pluginPb.PluginInfo().setVersion(version)),
    getSchema: unary(() => new pb.GetSchemaResponse().setSchema(fs.readFileSync(schemaFile, "utf8")), rpcError),
    checkConfig: unary(checkConfigRpc, rpcError),
    diffConfig: unary(diffConfigRpc, rpcError),
    configure: unary(configureRpc, rpcError),
    check: resourceRpc(check),
    diff: resourceRpc(diff),
    create: resourceRpc(create),
    read: resourceRpc(read),
    update: resourceRpc(update),
    delete: resourceRpc(async (req: providerTypes.DeleteRequest) => (await remove(req), new Empty())),
    invoke: unary(invokeRpc),
    cancel: unary(() => new Empty()),
    attach: unary((req: InstanceType<typeof pluginPb.PluginAttach>) => {
      state.engineAddress = req.getAddress();
      return new Empty();
    }),
  };
}

/** Serves the service on a free loopback port; resolves with the port. */
export async function serve(state: PluginState = {}): Promise<{ port: number; server: grpcTypes.Server }> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(ResourceProviderService, resourceProvider(state));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { port, server };
}
