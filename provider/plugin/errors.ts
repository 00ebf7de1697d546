/**
 * Failures as gRPC errors the engine understands: the message alone, or, for core's partial-state error (a write
 * that left something behind), Pulumi's `ErrorResourceInitFailed` detail with the id, the outputs and the inputs,
 * so the engine keeps the resource in state. Messages come from core and the client, which never hold credentials.
 */
import { isPartialStateError } from "../api/errors";
import { Any, grpc, pb, statusPb, struct, type grpcTypes } from "./proto";
import type { Props } from "./values";

/** A gRPC error for `error`; `outputs` turns a partial state's properties into what the engine stores. */
export function rpcError(
  error: unknown,
  partial?: { inputs: Props; outputs: (props: Props) => Props },
): Partial<grpcTypes.StatusObject> {
  const message = error instanceof Error ? error.message : String(error);
  const metadata = new grpc.Metadata();
  if (partial && isPartialStateError(error) && error.id) {
    const detail = new pb.ErrorResourceInitFailed();
    detail.setId(error.id);
    detail.setProperties(struct(partial.outputs(error.properties as Props)));
    detail.setInputs(struct(partial.inputs));
    detail.setReasonsList(error.reasons ?? [message]);
    const any = new Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusPb.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: message, metadata };
}

/** A gRPC error for a call the plugin does not serve (an unknown type or function). */
export function unknownToken(what: string, token: string): Partial<grpcTypes.StatusObject> {
  return { code: grpc.status.INVALID_ARGUMENT, details: `unknown ${what} ${JSON.stringify(token)}` };
}
