// The keep-alive pools: one per protocol, kept on globalThis (where Pulumi's serializer does not copy them), recreated
// after closeIdleConnections.
import http from "http";
import https from "https";
import { agentFor, closeIdleConnections } from "../../../provider/api/agents";

afterEach(() => closeIdleConnections());

const pools = () =>
  (globalThis as unknown as Record<symbol, { http?: http.Agent; https?: https.Agent }>)[
    Symbol.for("pulumi-cloudflare-origin-cloud-regions/agents")
  ];

test("http: one keep-alive pool of at most 16 sockets a host, the same for every request", () => {
  const agent = agentFor({ protocol: "http:" });
  expect(agent).toBeInstanceOf(http.Agent);
  expect(agent).not.toBeInstanceOf(https.Agent);
  expect(agent).toMatchObject({ keepAlive: true, maxSockets: 16 });
  expect(agentFor({ protocol: "http:" })).toBe(agent);
});

test("https: a pool of its own, also keep-alive with 16 sockets a host", () => {
  const agent = agentFor({ protocol: "https:" });
  expect(agent).toBeInstanceOf(https.Agent);
  expect(agent).toMatchObject({ keepAlive: true, maxSockets: 16 });
  expect(agentFor({ protocol: "https:" })).toBe(agent);
  expect(agentFor({ protocol: "http:" })).not.toBe(agent);
});

test("the pools live on globalThis under the package's registered symbol", () => {
  const plain = agentFor({ protocol: "http:" });
  const secure = agentFor({ protocol: "https:" });
  expect(pools()).toEqual({ http: plain, https: secure });
});

test("closeIdleConnections destroys both pools; the next request gets new ones", () => {
  const plain = agentFor({ protocol: "http:" });
  const secure = agentFor({ protocol: "https:" });
  const destroyed = [jest.spyOn(plain, "destroy"), jest.spyOn(secure, "destroy")];
  closeIdleConnections();
  expect(destroyed.map((d) => d.mock.calls.length)).toEqual([1, 1]);
  expect(pools()).toEqual({});
  expect(agentFor({ protocol: "http:" })).not.toBe(plain);
  expect(agentFor({ protocol: "https:" })).not.toBe(secure);
});
