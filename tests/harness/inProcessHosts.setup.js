// jest.mutation.config.js: the host suites' provider hosts run in the test process, where StrykerJS's mutants are.
process.env.OCR_IN_PROCESS_HOST = "1";
