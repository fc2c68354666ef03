import { AppError } from "../errors";
import { BodyTooLargeError } from "../http/body-limit";

/** MLflow's error codes the client branches on, with the HTTP status MLflow's server answers for each. */
export const MLFLOW_ERROR_STATUS = {
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  RESOURCE_DOES_NOT_EXIST: 404,
  ENDPOINT_NOT_FOUND: 404,
  RESOURCE_CONFLICT: 409,
  INTERNAL_ERROR: 500,
} as const;
export type MlflowErrorCode = keyof typeof MLFLOW_ERROR_STATUS;

/** An error answered in MLflow's shape: `{"error_code": …, "message": …}`. */
export class MlflowError extends Error {
  constructor(
    readonly errorCode: MlflowErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "MlflowError";
  }
  get status(): number {
    return MLFLOW_ERROR_STATUS[this.errorCode];
  }
}

export const invalidParameter = (message: string) => new MlflowError("INVALID_PARAMETER_VALUE", message);
export const doesNotExist = (message: string) => new MlflowError("RESOURCE_DOES_NOT_EXIST", message);

/** Skillboard's own errors (thrown by the domain services) in MLflow's words, keeping their message. */
function fromAppError(error: AppError): MlflowError {
  switch (error.status) {
    case 400:
    case 413:
      return new MlflowError("INVALID_PARAMETER_VALUE", error.message);
    case 401:
      return new MlflowError("UNAUTHENTICATED", error.message);
    case 403:
      return new MlflowError("PERMISSION_DENIED", error.message);
    case 404:
      return new MlflowError("RESOURCE_DOES_NOT_EXIST", error.message);
    case 409:
      return new MlflowError("RESOURCE_CONFLICT", error.message);
    default:
      return new MlflowError("INTERNAL_ERROR", error.message);
  }
}

export function mlflowErrorResponse(error: unknown): Response {
  let e: MlflowError;
  if (error instanceof MlflowError) e = error;
  else if (error instanceof AppError) e = fromAppError(error);
  else {
    console.error(error);
    e = new MlflowError("INTERNAL_ERROR", "Internal server error; the server log has the details.");
  }
  // A body past its byte limit keeps its 413 (MLflow's clients show the message whatever the status).
  const status = error instanceof BodyTooLargeError ? 413 : e.status;
  return Response.json({ error_code: e.errorCode, message: e.message }, { status });
}
