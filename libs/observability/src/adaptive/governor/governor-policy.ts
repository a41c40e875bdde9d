import type { LoadReadings } from './load-readings.js';

/** The budgets and the hysteresis of {@link GovernorPolicy} (the `observability.adaptive` keys of the same names). */
export interface GovernorBudgets {
  readonly maxEventLoopUtilization: number;
  /** 0: no request budget. */
  readonly maxRequestsPerSecond: number;
  readonly maxOverheadShare: number;
  readonly recoveryRatio: number;
  readonly stepDownAfter: number;
  readonly stepUpAfter: number;
  readonly maxLevel: number;
}

/** One reading against its budget. */
export interface Pressure {
  readonly reading: 'event_loop_utilization' | 'requests_per_second' | 'overhead_share';
  readonly value: number;
  readonly budget: number;
}

/** A change of level, with the readings that caused it. */
export interface LevelChange {
  readonly direction: 'down' | 'up';
  readonly from: number;
  readonly to: number;
  /** Down: the readings over their budget. Up: every reading, each under its recovery threshold. */
  readonly pressures: readonly Pressure[];
}

/**
 * When to step telemetry down and back up. Level 0 is full telemetry; each level down is one step. Over a budget
 * for `stepDownAfter` consecutive intervals: one level down. Every reading under `recoveryRatio` × its budget for
 * `stepUpAfter` consecutive intervals: one level up. In between (the hysteresis band) both counts restart, so a
 * load that hovers at the budget does not make the level flap.
 */
export class GovernorPolicy {
  private current = 0;
  private over = 0;
  private under = 0;

  constructor(private readonly budgets: GovernorBudgets) {}

  get level(): number {
    return this.current;
  }

  /** Every reading that has a budget, against it. */
  pressures(readings: LoadReadings): Pressure[] {
    const { maxEventLoopUtilization, maxRequestsPerSecond, maxOverheadShare } = this.budgets;
    const pressures: Pressure[] = [
      { reading: 'event_loop_utilization', value: readings.eventLoopUtilization, budget: maxEventLoopUtilization },
    ];
    if (maxRequestsPerSecond > 0) {
      pressures.push({ reading: 'requests_per_second', value: readings.requestsPerSecond, budget: maxRequestsPerSecond });
    }
    if (readings.overheadShare !== undefined) {
      pressures.push({ reading: 'overhead_share', value: readings.overheadShare, budget: maxOverheadShare });
    }
    return pressures;
  }

  /** Takes one interval's readings; returns the change of level they cause, if any. */
  observe(readings: LoadReadings): LevelChange | undefined {
    const pressures = this.pressures(readings);
    const overBudget = pressures.filter((p) => p.value > p.budget);
    if (overBudget.length > 0) {
      this.under = 0;
      this.over++;
      if (this.over < this.budgets.stepDownAfter || this.current >= this.budgets.maxLevel) return undefined;
      this.over = 0;
      return this.move('down', overBudget);
    }
    if (pressures.every((p) => p.value < p.budget * this.budgets.recoveryRatio)) {
      this.over = 0;
      this.under++;
      if (this.under < this.budgets.stepUpAfter || this.current === 0) return undefined;
      this.under = 0;
      return this.move('up', pressures);
    }
    this.over = 0;
    this.under = 0;
    return undefined;
  }

  private move(direction: 'down' | 'up', pressures: readonly Pressure[]): LevelChange {
    const from = this.current;
    this.current += direction === 'down' ? 1 : -1;
    return { direction, from, to: this.current, pressures };
  }
}
