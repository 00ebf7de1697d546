// npm run coverage counts what provider hosts run only if a host stopped by a test still writes its coverage.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ProviderHost, REPO_ROOT } from "./providerHost";
import { serializedProviderText } from "./serializedProvider";

const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic:Resource::coverage";

test("a host stopped with SIGTERM writes its coverage of dist/provider/, and only of it", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ocr-child-coverage-"));
  const saved = process.env.OCR_CHILD_COVERAGE_DIR;
  process.env.OCR_CHILD_COVERAGE_DIR = dir;
  try {
    const host = await ProviderHost.start();
    const provider = await serializedProviderText();
    // A bad vendor fails in check before any request: provider code ran, no API is needed.
    const { failures } = await host.check(
      URN,
      {},
      { __provider: provider, zoneId: "0".repeat(32), originIp: "192.0.2.1", vendor: "ibm", region: "x" },
    );
    expect(failures.map((f) => f.property)).toContain("vendor");
    await host.stop();

    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(1);
    const { result } = JSON.parse(fs.readFileSync(path.join(dir, files[0]), "utf8")) as {
      result: { url: string; functions: { ranges: { count: number }[] }[] }[];
    };
    const dist = `file://${path.join(REPO_ROOT, "dist", "provider")}/`;
    expect(result.every((s) => s.url.startsWith(dist))).toBe(true);
    const validation = result.find((s) => s.url === `${dist}shared/validation.js`);
    expect(validation?.functions.some((f) => f.ranges[0].count > 0)).toBe(true);
  } finally {
    if (saved === undefined) delete process.env.OCR_CHILD_COVERAGE_DIR;
    else process.env.OCR_CHILD_COVERAGE_DIR = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
