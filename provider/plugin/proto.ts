/**
 * The gRPC runtime and Pulumi's generated stubs, as `@pulumi/pulumi` resolves them: the stubs' message classes only
 * serialize with the `google-protobuf` copy they were generated against, and their service definition with its
 * `@grpc/grpc-js`. Loaded from @pulumi/pulumi's own resolution, so the plugin adds no dependency of its own.
 */
import { createRequire } from "module";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import type * as anyTypes from "google-protobuf/google/protobuf/any_pb";
import type * as providerTypes from "@pulumi/pulumi/proto/provider_pb";
import type * as pluginTypes from "@pulumi/pulumi/proto/plugin_pb";
import type * as statusTypes from "@pulumi/pulumi/proto/status_pb";
import type * as engineTypes from "@pulumi/pulumi/proto/engine_pb";
import type * as engineGrpcTypes from "@pulumi/pulumi/proto/engine_grpc_pb";

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));

export const grpc: typeof grpcTypes = fromPulumi("@grpc/grpc-js");
export const { Struct }: typeof structTypes = fromPulumi("google-protobuf/google/protobuf/struct_pb");
export const { Empty }: typeof emptyTypes = fromPulumi("google-protobuf/google/protobuf/empty_pb");
export const { Any }: typeof anyTypes = fromPulumi("google-protobuf/google/protobuf/any_pb");
export const pb: typeof providerTypes = fromPulumi("./proto/provider_pb");
export const pluginPb: typeof pluginTypes = fromPulumi("./proto/plugin_pb");
export const statusPb: typeof statusTypes = fromPulumi("./proto/status_pb");
export const enginePb: typeof engineTypes = fromPulumi("./proto/engine_pb");
/** The client of the engine's `Engine` service (its `Log` RPC), at the address the engine started the plugin with. */
export const { EngineClient }: typeof engineGrpcTypes = fromPulumi("./proto/engine_grpc_pb");
/** The `ResourceProvider` service definition (the stubs' typings of it are not exported). */
export const ResourceProviderService: grpcTypes.ServiceDefinition =
  fromPulumi("./proto/provider_grpc_pb").ResourceProviderService;

export type { engineTypes, grpcTypes, providerTypes };

/** A unary RPC's handler, as grpc-js calls it. */
export type Handler<Req, Res> = (
  call: grpcTypes.ServerUnaryCall<Req, Res>,
  callback: grpcTypes.sendUnaryData<Res>,
) => void;

/** A Struct as plain JavaScript (empty when absent). */
export function plain(struct: structTypes.Struct | undefined): Record<string, unknown> {
  return (struct?.toJavaScript() as Record<string, unknown> | undefined) ?? {};
}

/** Plain JavaScript as a Struct; `undefined` values are left out, as JSON leaves them out. */
export function struct(value: Record<string, unknown>): structTypes.Struct {
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}
