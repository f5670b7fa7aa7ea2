/**
 * --state <file>: the sandbox state as JSON, loaded on start and saved shortly after changes
 * (debounced), written to a temporary file and renamed so a crash never leaves half a file.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import { rename, writeFile } from "node:fs/promises"
import { SandboxStateData } from "./domain/records"

export class StatePersistence {
  private timer: NodeJS.Timeout | null = null
  private writing: Promise<void> = Promise.resolve()
  private dirty = false

  constructor(
    private readonly path: string,
    private readonly snapshot: () => SandboxStateData,
    private readonly debounceMs = 50
  ) {}

  load(): SandboxStateData | null {
    if (!existsSync(this.path)) {
      return null
    }
    try {
      return JSON.parse(readFileSync(this.path, "utf8")) as SandboxStateData
    } catch (e) {
      throw new Error(`cannot read sandbox state ${this.path}: ${(e as Error).message}`)
    }
  }

  markDirty(): void {
    this.dirty = true
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null
        this.writing = this.writing.then(() => this.writeAsync())
      }, this.debounceMs)
      this.timer.unref()
    }
  }

  private async writeAsync(): Promise<void> {
    if (!this.dirty) {
      return
    }
    this.dirty = false
    const tmp = `${this.path}.${process.pid}.tmp`
    await writeFile(tmp, JSON.stringify(this.snapshot()))
    await rename(tmp, this.path)
  }

  /** Writes pending changes now (stop). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    await this.writing.catch(() => undefined)
    if (this.dirty) {
      this.dirty = false
      const tmp = `${this.path}.${process.pid}.tmp`
      writeFileSync(tmp, JSON.stringify(this.snapshot()))
      renameSync(tmp, this.path)
    }
  }
}
