/**
 * The `docket` command's exit codes, which scripts can rely on, and the error that carries one
 * from deep inside a command to the top, where it is printed and the process exits with it.
 */

export const EXIT = {
  /** Everything worked. */
  ok: 0,
  /** A record failed, a delivery failed, a wait timed out, or some other error. */
  failed: 1,
  /** A usage error: unknown command or option, a bad argument, or a request Docket refused as invalid. */
  usage: 2,
  /** Docket cannot be reached, or refused the credentials. */
  unreachable: 3,
  /** A configuration error (EX_CONFIG): an invalid DOCKET_* variable, no API key to use. */
  config: 78,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Appended to every command's `--help`. */
export const EXIT_CODES_HELP = `
Exit codes:
  0   ok
  1   a record or delivery failed, a wait timed out, or another error
  2   usage error (bad command, option or argument; a request Docket refused as invalid)
  3   Docket cannot be reached, or the API key was refused
  78  configuration error (an invalid DOCKET_* variable, no API key)`;

/** Ends the command with `code`, printing `message` on stderr. */
export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: ExitCode;

  constructor(exitCode: ExitCode, message: string) {
    super(message);
    this.exitCode = exitCode;
  }
}
