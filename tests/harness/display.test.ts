// What a replayed update prints: pulumi's table, diagnostics, outputs, counts.
import { formatUpdate } from "./display";
import { UNKNOWN, type UpdateResult } from "./replayStack";

const TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";

test("a preview: plan per resource with its diff, outputs not known yet, counts of each kind and of unchanged", () => {
  const result: UpdateResult = {
    kind: "preview",
    stack: "dev",
    changes: [
      { type: "pulumi:pulumi:Stack", name: "p-dev", op: "same", diff: [] },
      { type: TYPE, name: "a", op: "replace", diff: ["originIp"] },
      { type: TYPE, name: "b", op: "update", diff: ["region", "vendor"] },
      { type: TYPE, name: "c", op: "same", diff: [] },
      { type: TYPE, name: "d", op: "delete", diff: [] },
    ],
    outputs: { old: { id: "x/1", kept: "k", dropped: 1 }, new: { id: UNKNOWN, kept: "k", added: true } },
    diagnostics: [],
    seconds: 0.4,
  };
  expect(formatUpdate(result)).toEqual([
    "Previewing update (dev)",
    "",
    "     Type                                                   Name   Plan     Info",
    "     pulumi:pulumi:Stack                                    p-dev",
    " +-  ├─ pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion  a      replace  [diff: ~originIp]",
    " ~   ├─ pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion  b      update   [diff: ~region, ~vendor]",
    "     ├─ pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion  c",
    " -   └─ pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion  d      delete",
    "",
    "Outputs:",
    '  ~ id     : "x/1" => output<string>',
    '    kept   : "k"',
    "  + added  : true",
    "  - dropped: 1",
    "",
    "Resources:",
    "    ~ 1 to update",
    "    +-1 to replace",
    "    - 1 to delete",
    "    3 changes. 2 unchanged",
    "",
  ]);
});

test("a failed update: the failed step's status, its error and the provider host's lines under Diagnostics", () => {
  const result: UpdateResult = {
    kind: "update",
    stack: "dev",
    changes: [
      { type: "pulumi:pulumi:Stack", name: "p-dev", op: "create", diff: [] },
      { type: TYPE, name: "a", op: "create", diff: [], error: "creating … failed: the zone already maps 192.0.2.1" },
    ],
    outputs: { old: undefined, new: undefined },
    diagnostics: ["warning: retrying in 1 s"],
    seconds: 2.6,
  };
  const lines = formatUpdate(result);
  expect(lines.slice(0, 5)).toEqual([
    "Updating (dev)",
    "",
    "     Type                                                   Name   Status               Info",
    " +   pulumi:pulumi:Stack                                    p-dev  created",
    " +   └─ pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion  a      **creating failed**  1 error",
  ]);
  expect(lines.slice(6)).toEqual([
    "Diagnostics:",
    `  ${TYPE} (a):`,
    "    error: creating … failed: the zone already maps 192.0.2.1",
    "  pulumi-nodejs provider host:",
    "    warning: retrying in 1 s",
    "",
    "Resources:",
    "    + 1 created",
    "    1 errored",
    "",
    "Duration: 3s",
    "",
  ]);
});
