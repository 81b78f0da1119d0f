#!/usr/bin/env node
/**
 * The `docket` command. Running and administering Docket (`start`, `api`, `worker`, `migrate`,
 * `apps`, `keys`) works on the local configuration; the client commands (`submit`, `status`,
 * `results`, `listen`, `replay`) talk to a running Docket through the SDK. One module per
 * command group under commands/; the exit codes are in exit-codes.ts.
 */
import { Command, CommanderError } from 'commander';
import { adminCommands } from './commands/admin.ts';
import { listenCommand } from './commands/listen.ts';
import { recordCommands } from './commands/records.ts';
import { replayCommand } from './commands/replay.ts';
import { serviceCommands } from './commands/service.ts';
import { submitCommand } from './commands/submit.ts';
import { EXIT, EXIT_CODES_HELP } from './exit-codes.ts';
import { describeFailure } from './failures.ts';

/** Every command, with `--help` ending in the exit codes. */
export function buildProgram(): Command {
  const program = new Command('docket')
    .description('Asynchronous document analysis with webhook delivery')
    // Usage errors end with exit code 2 rather than commander's 1 (see below).
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  serviceCommands(program);
  adminCommands(program);
  submitCommand(program);
  recordCommands(program);
  listenCommand(program);
  replayCommand(program);
  const withExitCodes = (command: Command) => {
    command.addHelpText('after', EXIT_CODES_HELP);
    command.commands.forEach(withExitCodes);
  };
  withExitCodes(program);
  return program;
}

try {
  await buildProgram().parseAsync();
} catch (error) {
  if (error instanceof CommanderError) {
    // commander has printed the usage error (or the help that was asked for) already.
    const asked = ['commander.helpDisplayed', 'commander.version'].includes(error.code);
    process.exitCode = asked ? EXIT.ok : EXIT.usage;
  } else {
    const { exitCode, message } = describeFailure(error);
    process.stderr.write(`docket: ${message}\n`);
    process.exitCode = exitCode;
  }
}
