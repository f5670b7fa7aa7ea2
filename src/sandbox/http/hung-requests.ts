/**
 * Requests the sandbox deliberately never answers (`timeout_error`, hang faults). They stay open
 * until the client gives up or the sandbox stops, which closes them.
 */
import { ServerResponse } from "node:http"

export class HungRequests {
  private readonly open = new Set<ServerResponse>()

  hang(res: ServerResponse): void {
    this.open.add(res)
    res.on("close", () => this.open.delete(res))
  }

  get size(): number {
    return this.open.size
  }

  releaseAll(): void {
    for (const res of this.open) {
      res.socket?.destroy()
      res.destroy()
    }
    this.open.clear()
  }
}
