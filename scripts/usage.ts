// The npm scripts' usage texts and flags, apart from the scripts themselves: scripts/run.ts answers --help and refuses
// a bad flag from these alone, before it builds dist/ or loads a script (which loads the harness and the SDK).

/** `npm run bench -- --help`. */
export const BENCH_USAGE = `Usage: npm run bench [-- --mappings N] [--parallel P,P...] [--latency-ms L] [--rate-limit COUNT/SECONDS|off] [--batching on,off] [--resource single,set] [--adapter dynamic,plugin] [--cold-starts N]
Converges one zone of N mappings through each adapter's real host process against the fake API, replaying the
engine's call sequences, in five commands, each with a host process of its own as the CLI starts one: up (create all),
up (no change), up (change region), refresh, destroy. The zone is managed as N OriginCloudRegion resources (for every
batching mode and parallelism) and as one OriginCloudRegionSet holding all N (one resource: parallelism does not
matter, so it runs once). Prints one table, a column per adapter and way: per command the requests, the 429 answers,
the failed resources and the wall time; the mappings left after destroy; what state stores per resource besides its
properties; the CPU per check+diff in the provider's own code and in the host process; the adapter's cold start
(spawn to port printed). The
default run (3,500 mappings, both parallelisms, the set) takes about 8 minutes: the commands share the fake's
rate-limit budget, as the commands of one pipeline share Cloudflare's.
  --mappings N                 mappings in the zone, 1 to 3,500 (default 3500, Cloudflare's cap per zone)
  --parallel P,P...            steps in flight at once, each 1 to 1,000 (default 8,64: 4 x 2 CPUs, and a wide run)
  --latency-ms L               delay of every fake API response, 0 to 60,000 ms (default 50)
  --rate-limit COUNT/SECONDS   the fake's request budget per credential (default 1200/300, Cloudflare's); off: none
  --batching on,off            for OriginCloudRegion resources, coalescing of concurrent calls into batch calls and
                               listings: on (default), off (one request per mapping, as before 0.2.0), or on,off for both
  --resource single,set        single: N OriginCloudRegion resources; set: one OriginCloudRegionSet; or single,set
                               for both (default)
  --adapter dynamic,plugin     dynamic: the dynamic provider in Pulumi's provider host; plugin: the provider plugin;
                               or dynamic,plugin for both, side by side (default)
  --cold-starts N              starts of each adapter's host process timed, 0 to 100 (default 5; the median shows)
  --help                       show this help`;

/** The flags of `npm run bench`; their values are checked when it runs. */
export const BENCH_FLAGS = {
  mappings: { type: "string", default: "3500" },
  parallel: { type: "string", default: "8,64" },
  "latency-ms": { type: "string", default: "50" },
  "rate-limit": { type: "string", default: "1200/300" },
  batching: { type: "string", default: "on" },
  resource: { type: "string", default: "single,set" },
  adapter: { type: "string", default: "dynamic,plugin" },
  "cold-starts": { type: "string", default: "5" },
} as const;

/** `npm run demo -- --help`. */
export const DEMO_USAGE = `Usage: npm run demo [-- --help]
Deploys examples/basic (an IPv4 and an IPv6 origin cloud region mapping) against a fake Cloudflare API on 127.0.0.1.
  With a pulumi CLI on PATH: pulumi up, the mappings the fake holds, a second up (no changes), pulumi destroy, with a
  throwaway local backend and no prompts.
  Without one: the same program under Pulumi's mocks, each resource through Pulumi's real provider host, driven by a
  replay of the engine's call sequences (a development tool, not the Pulumi engine): preview, up, the mappings, a
  second up, an edit (region change, respelled IPv6 address, new IP), refresh after an out-of-band change, destroy.
  Every step is checked against the fake API.
Exits 0 when every step did what it said, 1 otherwise (naming the step), 2 on a bad flag.
  --help   show this help`;

/** `npm run reliability -- --help`. */
export const RELIABILITY_USAGE = `Usage: npm run reliability [-- JEST_ARGS...]
Builds dist/ (the provider host loads the package from there), then runs the reliability suites under
tests/reliability (hostile inputs, the fault matrix, data safety, secrets) with jest, passing JEST_ARGS on (e.g.
-t "data safety"), and prints their summary table. Exits with jest's status.
  --help   show this help`;
