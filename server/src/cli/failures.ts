/** Turns whatever ended a command into its exit code and a one-line message. */
import {
  DocketApiError,
  DocketAuthError,
  DocketConnectionError,
  DocketServerError,
  DocketTimeoutError,
} from '@docket/sdk';
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';

/** The exit code for an error from the SDK (or anything else). */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof DocketConnectionError || error instanceof DocketAuthError) return EXIT.unreachable;
  if (error instanceof DocketServerError) return error.status === 500 ? EXIT.failed : EXIT.unreachable;
  if (error instanceof DocketApiError) {
    // Refused as sent: a bad id, file or argument.
    return [400, 404, 409, 413, 415, 422].includes(error.status) ? EXIT.usage : EXIT.failed;
  }
  if (error instanceof DocketTimeoutError) return EXIT.failed;
  return EXIT.failed;
}

export function describeFailure(error: unknown): { exitCode: ExitCode; message: string } {
  const exitCode = exitCodeOf(error);
  if (error instanceof DocketApiError) {
    return { exitCode, message: `${error.message} (${error.code}, HTTP ${error.status})` };
  }
  if (
    error instanceof CliError ||
    error instanceof DocketConnectionError ||
    error instanceof DocketTimeoutError
  ) {
    return { exitCode, message: error.message };
  }
  return { exitCode, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
