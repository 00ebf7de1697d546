import type * as pulumi from "@pulumi/pulumi";

/**
 * The code Pulumi serializes into state as `__provider` for every OriginCloudRegion.
 *
 * It is deliberately a thin, stable shim: each method requires this package by its name, from the Pulumi project's
 * own node_modules, and calls the versioned `providerRuntimeV1` export. So:
 *  - state never holds credentials (they reach the host through `configure` or the environment), nor a copy of the
 *    implementation, nor a path to one of this package's internal files: `refresh` and `destroy` keep working after
 *    the package is upgraded and its files move;
 *  - the text only changes if this shim changes, so upgrading the package causes no `__provider` diff.
 * Everything here must survive Pulumi's closure serializer: no imports used at run time, no captured objects.
 */
export const serializedOriginCloudRegionProvider: pulumi.dynamic.ResourceProvider = {
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
  return pkg.providerRuntimeV1.originCloudRegion;
}
