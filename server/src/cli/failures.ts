/** Turns whatever ended a command into its exit code and a one-line message. */
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';

export function describeFailure(error: unknown): { exitCode: ExitCode; message: string } {
  if (error instanceof CliError) return { exitCode: error.exitCode, message: error.message };
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { exitCode: EXIT.failed, message };
}
