/** For tests of the provider operations in the test process (not a test file itself). */
import { OriginCloudRegionsApi } from "../../provider/api";
import { forgetDeployment } from "../../provider/deployment";
import { useApi } from "../../provider/providerContext";
import { FAKE_TOKEN, FakeCloudflare } from "../fake/server";

/**
 * The fake for the whole file; before each test a fresh zone (numbered from `firstZone`), a provider client against
 * the fake that gives up after 2 attempts without waiting (so a fault is a call's final answer), an empty request
 * log and the provider's `console.warn` lines collected; after it, a fresh deployment view.
 */
export function useInProcessFake(firstZone: number): { readonly fake: FakeCloudflare; readonly zone: string; readonly warnings: string[] } {
  let fake: FakeCloudflare;
  let counter = 0;
  let zone = "";
  const warnings: string[] = [];
  beforeAll(async () => {
    fake = await FakeCloudflare.start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    zone = (firstZone + ++counter).toString(16).padStart(32, "0");
    useApi(new OriginCloudRegionsApi({ credentials: { apiToken: FAKE_TOKEN }, baseUrl: fake.baseUrl, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, log: () => {} }));
    warnings.length = 0;
    jest.spyOn(console, "warn").mockImplementation((line: string) => void warnings.push(line));
    fake.resetRequests();
  });
  afterEach(() => {
    jest.restoreAllMocks();
    useApi(undefined);
    forgetDeployment();
  });
  return {
    get fake() {
      return fake;
    },
    get zone() {
      return zone;
    },
    warnings,
  };
}
