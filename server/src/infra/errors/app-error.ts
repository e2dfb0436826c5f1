// The base of every typed failure a service throws. Each feature declares its own codes and one subclass
// (DeviceError, CommandError, ...); services throw those, never Nest HTTP exceptions. One exhaustive
// mapping at the edge (src/http-errors.ts) turns a feature's code into an HTTP answer, so the status a
// client sees is decided in one place and a new code that nobody mapped fails to compile.

export abstract class AppError<C extends string = string> extends Error {
  /** The feature that owns the code, e.g. 'devices'; the answer's `code` reads `devices.not-found`. */
  abstract readonly feature: string;

  constructor(
    readonly code: C,
    message: string,
    /** Fields the answer carries beside the message: the holder of a busy radio, the fields at fault. */
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  override get name(): string {
    return `${this.constructor.name}(${this.code})`;
  }
}

/** One field at fault, in the shape of the REST error body's `issues`. */
export interface FieldIssue {
  path: string;
  message: string;
}
