import type * as pulumi from "@pulumi/pulumi";

/**
 * The code Pulumi serializes into state as `__provider` for every OriginCloudRegionSet: the same thin, stable shim as
 * `serializedProvider.ts` (see there why), calling `providerRuntimeV1.originCloudRegionSet`. Everything here must
 * survive Pulumi's closure serializer: no imports used at run time, no captured objects.
 *
 * It repeats that shim rather than sharing code with it on purpose: the serializer copies local code by value into
 * state, so any change to `serializedProvider.ts` (a parameter, an export it would share) would change the text every
 * existing OriginCloudRegion stores (tests/fixtures/serialized-provider-0.1.0.js guards it byte for byte).
 */
export const serializedOriginCloudRegionSetProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    return runtime().configure(req);
  },
  async check(olds, news) {
    return runtime().check(olds, news);
  },
  async diff(id, olds, news) {
    return runtime().diff(id, olds, news);
  },
  async create(inputs) {
    return runtime().create(inputs);
  },
  async read(id, props) {
    return runtime().read(id, props);
  },
  async update(id, olds, news) {
    return runtime().update(id, olds, news);
  },
  async delete(id, props) {
    return runtime().delete(id, props);
  },
};

function runtime() {
  const name = "pulumi-cloudflare-origin-cloud-regions";
  let pkg;
  try {
    pkg = require(name);
  } catch (e) {
    const missing = e as { code?: string; message?: string };
    if (missing.code !== "MODULE_NOT_FOUND" || !String(missing.message).includes(`'${name}'`)) throw e;
    // In this package's own checkout (its Pulumi.yaml runs examples/basic) the project directory is the package.
    const here = require("path").join(process.cwd(), "package.json");
    if (!require("fs").existsSync(here) || require(here).name !== name) {
      throw new Error(`${name} is not installed in the Pulumi project at ${process.cwd()}: run \`npm install ${name}\` there`);
    }
    pkg = require(process.cwd());
  }
  return pkg.providerRuntimeV1.originCloudRegionSet;
}
