/**
 * Runs an async pass at most once at a time; a kick while a pass runs makes one more pass after
 * it (so no wake-up is lost and passes never overlap). Errors go to `onError`.
 * @example const loop = new SerialLoop(() => drain(), log); bus.subscribe(() => loop.kick());
 */
export class SerialLoop {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop();
  }

  /** Stops further passes; resolves when the running one (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.pass();
      } catch (error) {
        this.onError(error);
      }
    } while (this.again && !this.stopped);
    this.running = null;
  }
}
