/**
 * Low-level request/response plumbing for the fake's `http` server.
 */
import { randomBytes } from "crypto";
import type { IncomingMessage, ServerResponse } from "http";

/** Reads the whole request body as UTF-8 ("" when there is none or the client went away). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(""));
  });
}

/** A Cloudflare-style ray id (`<16 hex>-<colo>`); clients surface it in error reports. */
export function rayId(): string {
  return `${randomBytes(8).toString("hex")}-SFO`;
}

/**
 * Writes a complete response with an explicit Content-Length (always the length of what is actually sent, which
 * keeps truncated-JSON faults honest at the HTTP layer). A response whose socket is already gone is dropped.
 */
export function send(res: ServerResponse, status: number, headers: Record<string, string>, text: string): void {
  if (res.destroyed || res.headersSent || res.socket?.destroyed) return;
  const bytes = Buffer.from(text, "utf8");
  res.writeHead(status, { ...headers, "Content-Length": String(bytes.length), "cf-ray": rayId() });
  res.end(bytes);
}

/** Drops the connection with a TCP RST where Node supports it (a plain close otherwise). */
export function resetConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}
