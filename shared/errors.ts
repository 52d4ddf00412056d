// Errors that carry their meaning to the HTTP layer, where they become problem JSON once.
// Messages are French: they reach the people who typed the input.

export interface FieldError {
  path: string;
  message: string;
}

/** An error in an uploaded file, located by line (header = 1) and column. */
export interface LineError {
  line: number;
  column: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly slug: string;
  readonly errors?: FieldError[] | LineError[];

  constructor(message: string, errors?: FieldError[] | LineError[]) {
    super(message);
    this.name = new.target.name;
    if (errors) this.errors = errors;
  }
}

/** 400: the input cannot be read or breaks its schema. */
export class InvalidInputError extends AppError {
  readonly status = 400;
  readonly slug = 'invalid-input';
}

/** 401: no identity, or one that cannot be verified. */
export class UnauthenticatedError extends AppError {
  readonly status = 401;
  readonly slug = 'unauthenticated';
}

/** 403: a known identity without the right to this action or PLIE. */
export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly slug = 'forbidden';
}

/** 404: the resource the URL names does not exist. */
export class NotFoundError extends AppError {
  readonly status = 404;
  readonly slug = 'not-found';
}

/** 409: the write clashes with what is stored (duplicate, already voided, key reused). */
export class ConflictError extends AppError {
  readonly status = 409;
  readonly slug = 'conflict';
}

/** 422: well-formed input that breaks a business rule. */
export class BusinessRuleError extends AppError {
  readonly status = 422;
  readonly slug = 'business-rule';
}

/** 503: the store is throttling or too contended right now; retrying later will work. */
export class UnavailableError extends AppError {
  readonly status = 503;
  readonly slug = 'unavailable';
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
  }
}

/** 413: the body is larger than the API accepts. */
export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly slug = 'payload-too-large';
}

/** 422: a statement with errors; none of its lines was imported. */
export class StatementError extends AppError {
  readonly status = 422;
  readonly slug = 'invalid-statement';
}

/** 415: a body in a format the route does not read. */
export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly slug = 'unsupported-media-type';
}

/** Throws the 422 that lists every problem, if there is any. */
export function refuseProblems(problems: FieldError[]): void {
  if (problems.length) {
    throw new BusinessRuleError(problems.map((p) => p.message).join(' '), problems);
  }
}
