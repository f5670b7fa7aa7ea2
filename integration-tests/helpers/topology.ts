import path from "node:path"
import { importEsm } from "./import-esm"

/**
 * Typed access to scripts/lib/topology.mjs (the launcher shared with the production demo and the
 * topology benchmark): Redis, a worker and N servers of the built app, behind a round-robin balancer.
 */
export type TopologyInstance = {
  name: string
  url: string
  port: number
  mode: "server" | "worker"
  /** SIGKILL: a crash, no shutdown hooks */
  kill(): Promise<void>
  stop(): Promise<void>
  /** stop (if running) and start again on the same port; resolves when /health answers */
  restart(): Promise<TopologyInstance>
  alive(): boolean
  logTail(): string
  /** the process group of the running `medusa start` */
  readonly pid: number | undefined
}

export type Topology = {
  servers: TopologyInstance[]
  worker: TopologyInstance
  /** the balancer, or the first server without one */
  url: string
  stop(): Promise<void>
}

export type RunningRedis = { url: string; port: number; stop(): Promise<void> }

type TopologyModule = {
  startRedis(opts?: { port?: number }): Promise<RunningRedis>
  startTopology(opts: {
    serverDir: string
    env: NodeJS.ProcessEnv
    servers?: number
    redisUrl: string
    balancer?: boolean
    onLog?: (name: string, line: string) => void
    /** fixed ports (default: free ones) */
    ports?: { balancer?: number; worker?: number; servers?: number[] }
    /** per instance, until /health answers */
    timeoutMs?: number
  }): Promise<Topology>
  startBalancer(opts: {
    port?: number
    targets: () => string[]
  }): Promise<{ url: string; port: number; stop(): Promise<void> }>
}

export const topology = () => importEsm<TopologyModule>(path.resolve(__dirname, "../../scripts/lib/topology.mjs"))
