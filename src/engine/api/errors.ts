/**
 * An error response from the Engine API: the HTTP status and the JSON body's
 * `message`, exactly as dockerd sends them (e.g. 404 "No such container: x").
 */
export class EngineError extends Error {
  readonly statusCode: number;
  constructor(statusCode: number, message: string) {
    super(message);
    this.name = "EngineError";
    this.statusCode = statusCode;
  }
}

/** The engine cannot be reached at all (daemon stopped, socket missing). */
export class EngineUnreachableError extends Error {
  constructor(
    message = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
  ) {
    super(message);
    this.name = "EngineUnreachableError";
  }
}

/** A failed build: the solver's message and the Dockerfile line it points at. */
export class BuildFailedError extends EngineError {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(400, message);
  }
}

export const notFound = (msg: string) => new EngineError(404, msg);
export const conflict = (msg: string) => new EngineError(409, msg);
export const badRequest = (msg: string) => new EngineError(400, msg);
export const serverError = (msg: string) => new EngineError(500, msg);
export const notModified = () => new EngineError(304, "");
