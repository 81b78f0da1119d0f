/**
 * Where the client commands find Docket and their credentials: `--url` / `--key`, else
 * DOCKET_URL / DOCKET_API_KEY, else (for local use) the `data/credentials.json` that the first
 * start wrote, next to the default data directory.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Docket } from '@docket/sdk';
import type { Command } from 'commander';
import { CliError, EXIT } from './exit-codes.ts';

export interface ConnectionFlags {
  url?: string;
  key?: string;
}

/** The default application's credentials as `docket start` saved them. */
export interface LocalCredentials {
  application_id: string;
  api_key: string;
  webhook_signature_key: string;
}

export interface Connection {
  docket: Docket;
  url: string;
  /** The credentials file, when the API key came from it (or is the one it holds). */
  local: LocalCredentials | null;
}

export function withConnectionOptions(command: Command): Command {
  return command
    .option('--url <url>', "Docket's address (default: DOCKET_URL, else http://localhost:8080)")
    .option('--key <key>', 'API key (default: DOCKET_API_KEY, else data/credentials.json)');
}

export function credentialsFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DOCKET_DATA_DIR || './data', 'credentials.json');
}

async function readLocalCredentials(env: NodeJS.ProcessEnv): Promise<LocalCredentials | null> {
  try {
    return JSON.parse(await fs.readFile(credentialsFile(env), 'utf8')) as LocalCredentials;
  } catch {
    return null;
  }
}

export async function connect(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Connection> {
  const url = flags.url ?? env.DOCKET_URL ?? `http://localhost:${env.DOCKET_PORT || 8080}`;
  try {
    new URL(url);
  } catch {
    throw new CliError(EXIT.usage, `--url ${url} is not a URL`);
  }
  const stored = await readLocalCredentials(env);
  const apiKey = flags.key ?? env.DOCKET_API_KEY ?? stored?.api_key;
  if (!apiKey) {
    throw new CliError(
      EXIT.config,
      `no API key: pass --key, set DOCKET_API_KEY, or run where ${credentialsFile(env)} exists`,
    );
  }
  return {
    docket: new Docket({ baseUrl: url, apiKey }),
    url,
    local: stored?.api_key === apiKey ? stored : null,
  };
}
