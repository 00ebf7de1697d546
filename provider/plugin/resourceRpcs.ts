/**
 * The resource RPCs (Check, Diff, Create, Read, Update, Delete): each finds core's operations by the request's type,
 * unwraps secrets, passes the resource's name from the URN as core's `__resourceName`, and rewraps what goes back
 * wherever it came in secret. Create and Update in a preview write nothing and answer with the inputs.
 */
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";
import { rpcError, unknownToken } from "./errors";
import { pb, plain, struct, type providerTypes } from "./proto";
import { RESOURCE_TYPES, type ResourceType } from "./resources";
import { forEngine, named, unwrap, type Props } from "./values";

type Failure = ReturnType<typeof rpcError>;

/** A request the resource RPCs share: its URN, type and name. */
interface ResourceRequest {
  getUrn(): string;
  getType(): string;
}

/** The type token of a request: its own field, else the URN's (`…::parent$type::name`). */
export function typeOf(req: ResourceRequest): string {
  if (req.getType()) return req.getType();
  const parts = req.getUrn().split("::");
  const qualified = parts.length >= 4 ? parts[parts.length - 2] : "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}

/** The resource type a request is about, or the error that says it is none of this plugin's. */
function resourceOf(req: ResourceRequest): ResourceType {
  const type = RESOURCE_TYPES[typeOf(req)];
  if (!type) throw Object.assign(new Error("unknown type"), { rpc: unknownToken("resource type", typeOf(req)) });
  return type;
}

/** Plain properties with the name core reads, and which held a secret. */
function fromEngine(s: structTypes.Struct | undefined, urn: string): { props: Props; secrets: Set<string> } {
  const { plain: props, secrets } = unwrap(plain(s));
  return { props: named(props, urn), secrets };
}

export async function check(req: providerTypes.CheckRequest): Promise<providerTypes.CheckResponse> {
  const { operations, defaults } = resourceOf(req);
  const olds = fromEngine(req.getOlds(), req.getUrn());
  const news = fromEngine(req.getNews(), req.getUrn());
  const omitted = Object.entries(defaults).filter(([key]) => news.props[key] === undefined);
  const result = await operations.check(olds.props, { ...news.props, ...Object.fromEntries(omitted) });
  const res = new pb.CheckResponse();
  res.setInputs(struct(forEngine(result.inputs as Props, news.secrets)));
  res.setFailuresList(
    (result.failures ?? []).map((f) => {
      const failure = new pb.CheckFailure();
      failure.setProperty(f.property);
      failure.setReason(f.reason);
      return failure;
    }),
  );
  return res;
}

export async function diff(req: providerTypes.DiffRequest): Promise<providerTypes.DiffResponse> {
  const { operations } = resourceOf(req);
  const olds = fromEngine(req.getOlds(), req.getUrn()).props;
  const news = fromEngine(req.getNews(), req.getUrn()).props;
  const result = await operations.diff(req.getId(), olds as never, news as never);
  const res = new pb.DiffResponse();
  const { DIFF_SOME, DIFF_NONE, DIFF_UNKNOWN } = pb.DiffResponse.DiffChanges;
  res.setChanges(result.changes === true ? DIFF_SOME : result.changes === false ? DIFF_NONE : DIFF_UNKNOWN);
  res.setReplacesList(result.replaces ?? []);
  res.setDeletebeforereplace(result.deleteBeforeReplace === true);
  return res;
}

export async function create(req: providerTypes.CreateRequest): Promise<providerTypes.CreateResponse> {
  const { operations } = resourceOf(req);
  const { props, secrets } = fromEngine(req.getProperties(), req.getUrn());
  const res = new pb.CreateResponse();
  if (req.getPreview()) {
    res.setProperties(struct(forEngine(props, secrets)));
    return res;
  }
  const inputs = forEngine(props, secrets);
  const result = await partialState(operations.create(props as never), inputs, secrets);
  res.setId(result.id);
  res.setProperties(struct(forEngine(result.outs as Props, secrets)));
  return res;
}

export async function read(req: providerTypes.ReadRequest): Promise<providerTypes.ReadResponse> {
  const type = resourceOf(req);
  const state = fromEngine(req.getProperties(), req.getUrn());
  const secrets = new Set([...state.secrets, ...unwrap(plain(req.getInputs())).secrets]);
  const result = await type.operations.read(req.getId(), state.props as never);
  const res = new pb.ReadResponse();
  res.setId(result.id ?? "");
  if (!result.id) return res;
  res.setProperties(struct(forEngine(result.props as Props, secrets)));
  if (result.inputs) res.setInputs(struct(forEngine(type.programInputs(result.inputs as Props), secrets)));
  return res;
}

export async function update(req: providerTypes.UpdateRequest): Promise<providerTypes.UpdateResponse> {
  const { operations } = resourceOf(req);
  const olds = fromEngine(req.getOlds(), req.getUrn());
  const news = fromEngine(req.getNews(), req.getUrn());
  const res = new pb.UpdateResponse();
  if (req.getPreview()) {
    res.setProperties(struct(forEngine(news.props, news.secrets)));
    return res;
  }
  const secrets = new Set([...olds.secrets, ...news.secrets]);
  const inputs = forEngine(news.props, news.secrets);
  const result = await partialState(
    operations.update(req.getId(), olds.props as never, news.props as never),
    inputs,
    secrets,
  );
  res.setProperties(struct(forEngine(result.outs as Props, secrets)));
  return res;
}

export async function remove(req: providerTypes.DeleteRequest): Promise<void> {
  const { operations } = resourceOf(req);
  await operations.delete(req.getId(), fromEngine(req.getProperties(), req.getUrn()).props as never);
}

/** `pending`, whose partial-state error becomes the engine's `ErrorResourceInitFailed`. */
async function partialState<T>(pending: Promise<T>, inputs: Props, secrets: Set<string>): Promise<T> {
  try {
    return await pending;
  } catch (e) {
    throw Object.assign(new Error("failed"), {
      rpc: rpcError(e, { inputs, outputs: (props) => forEngine(props, secrets) }),
    });
  }
}

/** The gRPC error for what a resource RPC threw. */
export function failureOf(e: unknown): Failure {
  const carried = (e as { rpc?: Failure } | null)?.rpc;
  return carried ?? rpcError(e);
}
