/** The base of the error family, and what every member needs to survive Pulumi's closure serializer. */

/**
 * Pulumi's closure serializer rewrites classes as ES5 constructor functions, where `super(message)` becomes
 * `Error.call(this, message)`: that sets neither `message` nor `stack` on `this`. Set them when missing.
 */
export function ensureMessageAndStack(
  err: Error,
  message: string,
  ctor: abstract new (...args: never[]) => unknown,
): void {
  if (err.message !== message) {
    Object.defineProperty(err, "message", { value: message, writable: true, configurable: true, enumerable: false });
  }
  if (!Object.prototype.hasOwnProperty.call(err, "stack")) Error.captureStackTrace(err, ctor);
}

/**
 * The base of every error this package throws on purpose. Its members are told apart by `name`, never by prototype
 * alone: Pulumi serializes local modules by value, so an error may come from another copy of its class (see the
 * guards in ./index.ts).
 */
export abstract class OriginCloudRegionsError extends Error {
  protected constructor(name: string, message: string) {
    super(message);
    this.name = name;
    ensureMessageAndStack(this, message, this.constructor as abstract new (...args: never[]) => unknown);
  }
}
