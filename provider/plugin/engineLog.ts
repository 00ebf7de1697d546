/**
 * The plugin's warnings, sent to the engine's `Log` RPC (pulumirpc.Engine, at the address the engine started the
 * plugin with) so that the CLI shows them as warnings of the resource whose RPC produced them. The engine prints a
 * plugin's stderr lines as plain messages of no resource; stderr is still where a line goes when there is no engine
 * to tell, or the engine did not take it. Nothing here ever writes to stdout (the port's).
 *
 * Lines are core's wording (`warning: …`) and the client's retry lines, which the client scrubs of credentials:
 * nothing here adds to a line but the URN.
 */
import { AsyncLocalStorage } from "async_hooks";
import { format } from "util";
import { EngineClient, enginePb, grpc } from "./proto";

/** Core's prefix of a warning; the engine prints the severity itself. */
const WARNING = "warning: ";
/** How long one Log call may hold its RPC's answer before its line goes to stderr instead. */
export const LOG_DEADLINE_MS = 3000;

/** One RPC: the URN of its resource (none for an invoke or a config RPC), and its lines still on their way. */
interface Scope {
  urn?: string;
  sent: Promise<void>;
}

const scopes = new AsyncLocalStorage<Scope>();
/** Lines logged outside any RPC, in order; nothing waits for them. */
const outside: Scope = { sent: Promise.resolve() };

/**
 * Runs one RPC's handler with `urn` as the resource of the lines it logs, and answers only once those lines reached
 * the engine (or stderr), so that a warning shows before the step it belongs to completes.
 */
export async function inRpc<T>(urn: string | undefined, run: () => Promise<T>): Promise<T> {
  const scope: Scope = { urn: urn || undefined, sent: Promise.resolve() };
  try {
    return await scopes.run(scope, run);
  } finally {
    for (let waited: Promise<void> | undefined; waited !== scope.sent;) await (waited = scope.sent);
  }
}

/** A line as the engine's LogRequest: a warning of the RPC's resource, or another line (info, of no resource). */
export function logRequest(line: string, urn: string | undefined): InstanceType<typeof enginePb.LogRequest> {
  const req = new enginePb.LogRequest();
  // Another line (a retry wait) may come from a batch serving many resources: it names none rather than one.
  const warning = line.startsWith(WARNING);
  req.setSeverity(warning ? enginePb.LogSeverity.WARNING : enginePb.LogSeverity.INFO);
  req.setMessage(warning ? line.slice(WARNING.length) : line);
  if (warning && urn) req.setUrn(urn);
  return req;
}

/** Where lines go that the engine cannot take: stderr, as the plugin wrote them before it used the Log RPC. */
const toStderr = (line: string) => void process.stderr.write(`${line}\n`);

/**
 * A `console.warn` for the plugin process: each line to the engine at `address()` (read at each line, since Attach
 * may change it), attached to the current RPC's resource; to `stderr` when there is no address or the call fails.
 */
export function engineLogger(
  address: () => string | undefined,
  stderr: (line: string) => void = toStderr,
): (...args: unknown[]) => void {
  const engine = engineAt();
  return (...args) => {
    const line = format(...args);
    const at = address();
    if (!at) return stderr(line);
    const scope = scopes.getStore() ?? outside;
    const req = logRequest(line, scope.urn);
    // One RPC's lines reach the engine one after another, in the order they were logged.
    scope.sent = scope.sent.then(() => send(engine(at), req).catch(() => stderr(line)));
  };
}

/** The engine's client at an address, made once per address (Attach may give another). */
function engineAt(): (address: string) => InstanceType<typeof EngineClient> {
  let current: { address: string; client: InstanceType<typeof EngineClient> } | undefined;
  return (address) => {
    if (current?.address !== address) {
      current?.client.close();
      current = { address, client: new EngineClient(address, grpc.credentials.createInsecure()) };
    }
    return current.client;
  };
}

/** One Log call; rejects when the engine does not take the line within the deadline. */
function send(client: InstanceType<typeof EngineClient>, req: InstanceType<typeof enginePb.LogRequest>) {
  return new Promise<void>((resolve, reject) =>
    client.log(req, new grpc.Metadata(), { deadline: Date.now() + LOG_DEADLINE_MS }, (err) =>
      err ? reject(err) : resolve(),
    ),
  );
}
