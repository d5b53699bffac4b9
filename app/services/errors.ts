/** The few ways a service says no; app/utils/http.server.ts maps them to HTTP statuses. */
export class ServiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Nothing there; with a `field`, the thing a form named is missing, and the form shows why beside it. */
export class NotFound extends ServiceError {
  constructor(message: string, readonly field?: string) {
    super(message);
  }
}
export class Forbidden extends ServiceError {}
/** The request clashes with what exists; `field` is where the form shows it. */
export class Conflict extends ServiceError {
  constructor(message: string, readonly field = "form") {
    super(message);
  }
}

export class RateLimited extends ServiceError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/** Bad input: `fields` maps a form field to the message shown next to it. */
export class Invalid extends ServiceError {
  constructor(readonly fields: Record<string, string>, message = Object.values(fields)[0] ?? "Invalid input") {
    super(message);
  }
}
