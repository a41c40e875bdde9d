/** The costs of one NAB application profile: what a true positive earns and a false positive / a miss costs. */
export interface NabProfile {
  readonly name: string;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
}

/** The three published NAB profiles (A_TP, A_FP, A_FN). */
export const NAB_PROFILES: readonly NabProfile[] = [
  { name: 'standard', tp: 1, fp: 0.11, fn: 1 },
  { name: 'reward_low_FP', tp: 1, fp: 0.22, fn: 1 },
  { name: 'reward_low_FN', tp: 1, fp: 0.11, fn: 2 },
];
