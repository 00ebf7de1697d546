#!/usr/bin/env node
// The package's command (package.json "bin"): `npx pulumi-cloudflare-origin-cloud-regions export --zone <id>`.
import { runCli } from "./export";

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
