/** What bench/versus-peer needs of a running system: the same upload API on both sides. */

export interface SystemUnderTest {
  /** e.g. `peer, 2 worker processes`. */
  name: string;
  /** Base URL; both systems take `POST /lab_reports` with `x-auth`. */
  url: string;
  apiKey: string;
  /** The key its webhooks' `x-body-signature` is made with. */
  webhookSecret: string;
  /** PIDs of its processes (server, workers, Redis), for CPU time. */
  pids(): number[];
  stop(): Promise<void>;
}
