const WINDOW = 6400;
const STEP = 100;

/** erfc with fractional error < 1.2e-7 everywhere (Chebyshev fit, Numerical Recipes §6.2). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * NAB's "Windowed Gaussian" baseline (39.6 standard on the full corpus), as the reference our detector is compared
 * with: the score is 1 − the two-sided tail probability of the value under a normal distribution fitted to the last
 * 6400 values, refitted every value until the window is full and every 100 values after.
 */
export class WindowedGaussianDetector {
  private readonly window = new Float64Array(WINDOW);
  private size = 0;
  private start = 0;
  private pending: number[] = [];
  private mean = 0;
  private std = 1;
  private sum = 0;

  update(value: number): number {
    const score = this.size > 0 ? 1 - 0.5 * erfc(Math.abs(value - this.mean) / this.std / Math.SQRT2) : 0;
    if (this.size < WINDOW) {
      this.window[this.size++] = value;
      this.sum += value;
      this.mean = this.sum / this.size;
      this.refitStd();
    } else {
      this.pending.push(value);
      if (this.pending.length === STEP) {
        for (const v of this.pending) {
          this.window[this.start] = v;
          this.start = (this.start + 1) % WINDOW;
        }
        this.pending = [];
        let sum = 0;
        for (const v of this.window) sum += v;
        this.mean = sum / WINDOW;
        this.refitStd();
      }
    }
    return score;
  }

  /** Population standard deviation about the current mean; 1e-6 for a flat window, as NAB does. */
  private refitStd(): void {
    let q = 0;
    for (let i = 0; i < this.size; i++) q += ((this.window[i] as number) - this.mean) ** 2;
    this.std = Math.sqrt(q / this.size) || 1e-6;
  }
}
