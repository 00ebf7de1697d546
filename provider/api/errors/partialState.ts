import { OriginCloudRegionsError } from "./base";

/**
 * Pulumi's partial-state error: a create that may have written the mapping throws it, and the provider host turns
 * its `id` and `properties` into `ErrorResourceInitFailed`, so the engine keeps the resource in state (with these
 * outputs) and the next `up` updates it instead of leaving an orphan.
 */
export class PartialStateError extends OriginCloudRegionsError {
  readonly reasons: string[];
  constructor(
    message: string,
    readonly id: string,
    readonly properties: object,
  ) {
    super("PartialStateError", message);
    this.reasons = [message];
  }
}
