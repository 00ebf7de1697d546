/**
 * Writes settle "did it land?" themselves: when an attempt's answer was lost or garbled (see
 * `CloudflareApiError.mayHaveBeenApplied`), or a 2xx answer does not say, for exactly the requested IP, what Cloudflare
 * now holds (a null result, missing fields, another IP, another vendor/region), `put` and `delete` read the mapping back
 * before reporting, so a write the read confirms is a success, and an error that still says `mayHaveBeenApplied` means
 * nobody can know yet.
 */
import { CloudflareApiError, isUncertainWrite } from "./errors";

/**
 * Settles a failed write: when `err` says it may have been applied, one read decides. `readBack` resolves to
 * `{ value }` when the read shows the write in place (the call's success), `undefined` when it shows it was not
 * applied (`err` is rethrown as definite). A read that fails too leaves the question open: `err` is rethrown with
 * `mayHaveBeenApplied` still true and the read's failure in its detail.
 */
export async function readBack<T>(err: unknown, readBack: () => Promise<{ value: T } | undefined>): Promise<T> {
  if (!isUncertainWrite(err)) throw err;
  const uncertain = err as CloudflareApiError;
  const answer = unusable2xx(uncertain) ? "the answer was unusable" : "the answer was lost";
  let landed: { value: T } | undefined;
  try {
    landed = await readBack();
  } catch (readError) {
    const why = readError instanceof Error ? readError.message : String(readError);
    throw uncertain.afterReadBack(true, `${answer} and reading the mapping back failed too (${why})`);
  }
  if (landed) return landed.value;
  throw uncertain.afterReadBack(false, `${answer}; reading the mapping back showed the change was not applied`);
}

/** A 2xx whose answer did not say what Cloudflare now holds (as opposed to an answer that never arrived). */
function unusable2xx(err: CloudflareApiError): boolean {
  return err.kind === "invalidResponse" && (err.status ?? 0) >= 200 && (err.status ?? 0) < 300;
}
