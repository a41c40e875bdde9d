import { ModulesContainer, type ModuleRef } from '@nestjs/core';

interface IntervalRegistry {
  addInterval(name: string, interval: NodeJS.Timeout): void;
  doesExist(type: 'interval', name: string): boolean;
  deleteInterval(name: string): void;
}

/**
 * A pillar's background job (health refresh, alert evaluation, profile capture) as the suite schedules all of
 * them: an unref()'d interval that is registered in the app's SchedulerRegistry when the app imports ScheduleModule
 * (visible there, stopped with it), and the library never calls `ScheduleModule.forRoot()`, which would run the
 * app's own jobs twice. A second app in the process gets a suffixed name. `stop()` is idempotent and wins over a
 * `start()` still looking for the registry.
 */
export class IntervalJob {
  private timer?: NodeJS.Timeout;
  private registry?: IntervalRegistry;
  private name: string;
  private stopped = false;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly baseName: string,
  ) {
    this.name = baseName;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  async start(everyMs: number, tick: () => void): Promise<void> {
    if (this.stopped || this.timer) return;
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
    this.registry = await findSchedulerRegistry(this.moduleRef);
    if (!this.registry || this.stopped) return;
    if (this.registry.doesExist('interval', this.name)) this.name = `${this.baseName}:${process.hrtime.bigint()}`;
    this.registry.addInterval(this.name, this.timer);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    try {
      if (this.registry?.doesExist('interval', this.name)) this.registry.deleteInterval(this.name);
    } catch {
      // The app's ScheduleModule may have cleared its registry first.
    }
  }
}

/** The app's SchedulerRegistry, if it imports ScheduleModule (@nestjs/schedule is an optional peer dependency). */
async function findSchedulerRegistry(moduleRef: ModuleRef): Promise<IntervalRegistry | undefined> {
  try {
    // Only an app that imports ScheduleModule has one, and has @nestjs/schedule loaded already: in any other app,
    // importing it would load it with cron and luxon (~300 KB of code) for nothing.
    const modules = moduleRef.get(ModulesContainer, { strict: false });
    if (![...modules.values()].some((module) => module.metatype?.name === 'ScheduleModule')) return undefined;
    const { SchedulerRegistry } = await import('@nestjs/schedule');
    return moduleRef.get<unknown, IntervalRegistry>(SchedulerRegistry, { strict: false });
  } catch {
    return undefined;
  }
}
