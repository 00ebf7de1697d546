// The plugin folder's entry: @pulumi/pulumi/cmd/run-plugin (the Node.js language host's RunPlugin, for a folder whose
// PulumiPlugin.yaml says `runtime: nodejs`) requires this folder and calls the function it exports, with the
// engine's address in process.argv. The plugin itself is the package's compiled code.
"use strict";

module.exports = () => require("../dist/provider/plugin/main").main(process.argv.slice(2));
