// A test-only clock for the provider host process, loaded before anything else with NODE_OPTIONS="--require <this
// file>" (see hostClock in providerHost.ts). Date.now() runs ahead of the real clock by the milliseconds written
// in the file OCR_TEST_CLOCK_FILE names, so a test can age the provider's shared zone listing past its bound (10 s
// for a create, 60 s for a refresh) without waiting for it. Real time still passes; timers (setTimeout) are not
// touched. It is never shipped: the package's `files` list holds only dist/provider.
"use strict";
const fs = require("fs");

const file = process.env.OCR_TEST_CLOCK_FILE;
if (file) {
  const realNow = Date.now;
  Date.now = () => {
    let offset = 0;
    try {
      offset = Number(fs.readFileSync(file, "utf8")) || 0;
    } catch {
      // no file yet: no offset
    }
    return realNow() + offset;
  };
}
