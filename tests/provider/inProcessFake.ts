/** For tests of the provider operations in the test process (not a test file itself). */
import { OriginCloudRegionsApi, type ApiSettings, type OriginCloudRegionsClient } from "../../provider/api";
import { forgetDeployment } from "../../provider/core/deployment";
import { useApi } from "../../provider/core/providerContext";
import { FAKE_TOKEN, FakeCloudflare, type FakeOptions } from "../fake/server";

/** A client that answers with `methods` and rejects a call of any other method ("not used"). */
export function scriptedClient(methods: Partial<OriginCloudRegionsClient>): OriginCloudRegionsClient {
  const refuse = () => Promise.reject(new Error("not used"));
  return {
    get: refuse,
    put: refuse,
    delete: refuse,
    list: refuse,
    batchPut: refuse,
    batchDelete: refuse,
    supportedRegions: refuse,
    ...methods,
  };
}

/**
 * The fake (started with `options`) for the whole file; before each test a fresh zone (numbered from `firstZone`), a
 * provider client against the fake that gives up after 2 attempts without waiting (so a fault is a call's final
 * answer; `useClient` replaces it with other settings), an empty request log and the provider's `console.warn`
 * lines collected; after it, a fresh deployment view.
 */
export function useInProcessFake(
  firstZone: number,
  options: FakeOptions = {},
): {
  readonly fake: FakeCloudflare;
  readonly zone: string;
  readonly warnings: string[];
  useClient: (settings?: Partial<ApiSettings>) => void;
} {
  let fake: FakeCloudflare;
  let counter = 0;
  let zone = "";
  const warnings: string[] = [];
  const useClient = (settings: Partial<ApiSettings> = {}) =>
    useApi(
      new OriginCloudRegionsApi({
        credentials: { apiToken: FAKE_TOKEN },
        baseUrl: fake.baseUrl,
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
        log: () => {},
        ...settings,
      }),
    );
  beforeAll(async () => {
    fake = await FakeCloudflare.start(options);
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    zone = (firstZone + ++counter).toString(16).padStart(32, "0");
    useClient();
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
    useClient,
  };
}
