/** What every page needs: the signed-in client, what the server can do, and signing out. */
import { createContext, useContext } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { Capabilities } from './capabilities.ts';

export interface ConsoleContextValue {
  client: ApiClient;
  capabilities: Capabilities;
  signOut: () => void;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole outside a signed-in console');
  return value;
}
