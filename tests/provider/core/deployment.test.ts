// Who holds a mapping in one deployment: claims first, names where a claim is missing, and nothing assumed.
import { forgetDeployment, heldByAnother, isSameResource, viewOf } from "../../../provider/core/deployment";
import { recordHolder } from "../../../provider/core/mappingChecks";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";

afterEach(() => forgetDeployment());

describe("isSameResource", () => {
  test.each([
    [{ claimId: "c1" }, { claimId: "c1" }, true],
    [{ claimId: "c1" }, { claimId: "c2" }, false],
    // A claim decides even when the names agree or differ.
    [{ claimId: "c1", name: "a" }, { claimId: "c2", name: "a" }, false],
    [{ claimId: "c1", name: "a" }, { claimId: "c1", name: "b" }, true],
    // Without a claim on one side, names decide.
    [{ claimId: undefined, name: "a" }, { claimId: "c1", name: "a" }, true],
    [{ claimId: undefined, name: "a" }, { claimId: undefined, name: "b" }, false],
    // Nothing to compare: never the same (0.1.0 state had no claims, and two such resources could share a mapping).
    [{ claimId: undefined }, { claimId: undefined }, false],
    [{ claimId: undefined, name: "a" }, { claimId: undefined }, false],
    [{ claimId: "c1" }, { claimId: undefined, name: "a" }, false],
  ])("%o and %o: %s", (holder, who, same) => {
    expect(isSameResource(holder, who)).toBe(same);
  });

  test("heldByAnother: false for a free mapping, true for a holder that is not proven to be the asker", () => {
    const view = viewOf(ZONE, "192.0.2.1");
    expect(heldByAnother(view, { claimId: undefined })).toBe(false);
    view.holder = { claimId: undefined, name: "a", how: "kept" };
    expect(heldByAnother(view, { claimId: undefined, name: "a" })).toBe(false);
    expect(heldByAnother(view, { claimId: undefined })).toBe(true);
  });
});

describe("recordHolder", () => {
  let warnings: string[];
  beforeEach(() => {
    warnings = [];
    jest.spyOn(console, "warn").mockImplementation((line: string) => void warnings.push(line));
  });
  afterEach(() => jest.restoreAllMocks());

  test("the first keeper holds the mapping; the same resource again changes nothing and says nothing", () => {
    recordHolder(ZONE, "192.0.2.1", { claimId: "c1", name: "a" });
    recordHolder(ZONE, "192.0.2.1", { claimId: "c1", name: "a" });
    expect(viewOf(ZONE, "192.0.2.1").holder).toEqual({ claimId: "c1", name: "a", how: "kept" });
    expect(warnings).toEqual([]);
  });

  test("a second resource on one mapping: a warning naming both and the IP, and the first keeps holding it", () => {
    recordHolder(ZONE, "192.0.2.1", { claimId: undefined, name: "a" });
    recordHolder(ZONE, "192.0.2.1", { claimId: undefined, name: "b" });
    expect(viewOf(ZONE, "192.0.2.1").holder).toMatchObject({ name: "a" });
    expect(warnings).toEqual([
      `warning: origin cloud region mapping 192.0.2.1 in zone ${ZONE} is managed by two resources of this deployment, "a" and "b". ` +
        "Keep one: remove the other from the program, or give it the origin IP it was meant for. " +
        "While one of them still declares the mapping, the other's delete leaves it in place.",
    ]);
  });

  test("without names the warning still comes, saying so", () => {
    recordHolder(ZONE, "192.0.2.1", { claimId: undefined });
    recordHolder(ZONE, "192.0.2.1", { claimId: undefined, name: "b" });
    recordHolder(ZONE, "192.0.2.2", { claimId: undefined });
    recordHolder(ZONE, "192.0.2.2", { claimId: undefined });
    expect(warnings[0]).toContain('two resources of this deployment, one without a name in its state and "b".');
    expect(warnings[1]).toContain("is managed by two resources of this deployment. Keep one");
  });
});
