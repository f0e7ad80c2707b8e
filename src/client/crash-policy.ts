// What the client does when the language server's process dies: restart it and say so, unless it keeps
// dying (then stop, and say how to restart it by hand). No VS Code import, so it is tested on its own.

export interface CrashDecision {
  restart: boolean;
  message: string;
}

export class CrashPolicy {
  private crashes: number[] = [];

  /** At most `maxRestarts` restarts within `windowMs`: a server that dies on start-up must not loop forever. */
  constructor(private readonly maxRestarts = 4, private readonly windowMs = 3 * 60_000) {}

  onCrash(now = Date.now()): CrashDecision {
    this.crashes = [...this.crashes.filter((t) => now - t < this.windowMs), now];
    if (this.crashes.length <= this.maxRestarts) {
      const nth = this.crashes.length === 1 ? '' : ` (${this.crashes.length} times in the last ${Math.round(this.windowMs / 60_000)} minutes)`;
      return { restart: true, message: `AdamW Lens: the language server stopped unexpectedly${nth}; it has been restarted.` };
    }
    return {
      restart: false,
      message: `AdamW Lens: the language server stopped ${this.crashes.length} times in ${Math.round(this.windowMs / 60_000)} minutes and will not be restarted. ` +
        'See the "AdamW Lens" output, then run "AdamW Lens: Restart Language Server".',
    };
  }

  /** A restart by hand starts the count again. */
  reset(): void {
    this.crashes = [];
  }
}
