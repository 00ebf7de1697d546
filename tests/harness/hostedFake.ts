import { FAKE_TOKEN, FakeCloudflare, type FakeOptions } from "../fake/server";
import { ProviderHost } from "./providerHost";
import { serializedProviderText } from "./serializedProvider";

/** What {@link useHostedFake} provides to a test file. */
export interface HostedFake {
  fake: FakeCloudflare;
  host: ProviderHost;
  /** `__provider` as the real resource class serializes it. */
  providerText: string;
}

/**
 * Starts, for one test file, a fake Cloudflare API and a provider host configured for it (token and base URL in
 * stack config, plus `config`), and stops both afterwards. Read the result inside tests or hooks.
 */
export function useHostedFake(options: { fake?: FakeOptions; config?: Record<string, string> } = {}): HostedFake {
  const hosted = {} as HostedFake;
  beforeAll(async () => {
    hosted.fake = await FakeCloudflare.start(options.fake);
    hosted.providerText = await serializedProviderText();
    hosted.host = await ProviderHost.start({ config: { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": hosted.fake.baseUrl, ...options.config } });
  });
  afterAll(async () => {
    await hosted.host?.stop();
    await hosted.fake?.stop();
  });
  return hosted;
}
