/** The server's configuration for the commands that run or administer Docket itself. */
import { ConfigError, type DocketConfig, loadConfig } from '../config/config.ts';
import { CliError, EXIT } from './exit-codes.ts';

/** Validated settings from the environment; a wrong value ends the command with exit code 78. */
export function serviceConfig(env: Record<string, string | undefined> = process.env): DocketConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new CliError(EXIT.config, `configuration error: ${error.message}`);
    }
    throw error;
  }
}
