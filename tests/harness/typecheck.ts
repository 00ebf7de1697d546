import * as path from "path";
import * as ts from "typescript";
import { REPO_ROOT } from "./providerHost";

/**
 * Type-checks TypeScript texts that exist only in memory (`file name → text`; names under REPO_ROOT) with this
 * repository's tsconfig.json, whose paths map the package name to its sources. Returns one line per problem found in
 * those texts (`file: message`), none for problems elsewhere.
 */
export function typeCheck(texts: Map<string, string>): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(REPO_ROOT, "tsconfig.json"),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  )!;
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => texts.get(name) ?? readFile(name);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => texts.has(name) || fileExists(name);
  const program = ts.createProgram([...texts.keys()], { ...config.options, noEmit: true, noUnusedLocals: false }, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && texts.has(d.file.fileName))
    .map((d) => `${path.basename(d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}
