import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { childEnv } from "./childCoverage";
import { REPO_ROOT } from "./providerHost";

export interface Finished {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** PATH without any directory that holds a `pulumi` executable: what a machine without the CLI has. */
export function pathWithoutPulumi(): string {
  return (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => dir !== "" && !fs.existsSync(path.join(dir, "pulumi")))
    .join(path.delimiter);
}

/** Runs a command to its end without blocking the test process (the scripts' children need the event loop too). */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Finished> {
  const started = Date.now();
  const child = spawn(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? { ...process.env, ...childEnv(), PATH: pathWithoutPulumi() },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}

/** A script under scripts/, run as its npm script runs it after the build (ts-node, transpile only). */
export function runNodeScript(script: string, args: string[]): Promise<Finished> {
  return run(process.execPath, [
    "-r",
    "ts-node/register/transpile-only",
    path.join("scripts", `${script}.ts`),
    ...args,
  ]);
}
