import { describe, expect, it } from 'vitest';
import { nabFileRows, probationLength, scaledSigmoid } from './nab-file.js';
import { NAB_PROFILES } from './nab-profiles.js';
import { NO_DETECTION_THRESHOLD, rawScoreAt, sweepThreshold } from './nab-sweep.js';

const [standard, lowFp, lowFn] = NAB_PROFILES as [(typeof NAB_PROFILES)[0], (typeof NAB_PROFILES)[0], (typeof NAB_PROFILES)[0]];
const T0 = Date.UTC(2024, 0, 1);
const at = (i: number): number => T0 + i * 60_000;
const times = (n: number): number[] => Array.from({ length: n }, (_, i) => at(i));
const scoresOf = (n: number, set: Record<number, number>): number[] => Array.from({ length: n }, (_, i) => set[i] ?? 0);

// File A, 24 rows. Probation: min(floor(0.15 × 24), 750) = 3 rows (0..2).
// Window 1 = rows 1..2: wholly in probation, so not scored (no FN either), but it is the "preceding window" of rows 3..7.
// Window 2 = rows 8..11, width 4.
// Scores: row 1 = 0.9 (in probation: ignored), row 3 = 0.6, row 9 = 0.8, row 10 = 0.95, row 14 = 0.7, row 23 = 0.3.
//   σ(y) = 2 / (1 + e^(5y)) − 1;  σ(−1) = 2 / 1.0067379 − 1 = 0.98661430
//   row 3, after window 1 (right edge 2, width 2): y = |3 − 2| / (2 − 1) = 1 → σ(1) = −0.98661430 → FP −0.11 × 0.98661 = −0.10852757
//   row 9: y = −(11 − 9 + 1) / 4 = −0.75 → σ = 2 / (1 + e^−3.75) − 1 = 0.95404526; / σ(−1) = 0.96698909
//   row 10: y = −(11 − 10 + 1) / 4 = −0.5 → σ = 0.84828364; / σ(−1) = 0.85979257
//   row 14, after window 2: y = (14 − 11) / (4 − 1) = 1 → FP −0.10852757
//   row 23: y = 12 / 3 = 4 > 3 → σ = −1 → FP −0.11
// File B, 10 rows. Probation floor(1.5) = 1. Window rows 5..6 (width 2); row 6 = 0.3: y = −(6 − 6 + 1) / 2 = −0.5 → 0.85979257.
const fileA = nabFileRows('A.csv', times(24), scoresOf(24, { 1: 0.9, 3: 0.6, 9: 0.8, 10: 0.95, 14: 0.7, 23: 0.3 }), [
  [at(8), at(11)],
  [at(1), at(2)],
]);
const fileB = nabFileRows('B.csv', times(10), scoresOf(10, { 6: 0.3 }), [[at(5), at(6)]]);

describe('NAB scorer', () => {
  it('computes the probation length and the scaled sigmoid as published', () => {
    expect(probationLength(24)).toBe(3);
    expect(probationLength(10_000)).toBe(750);
    expect(scaledSigmoid(-1)).toBeCloseTo(0.9866143, 7);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(3)).toBeCloseTo(-0.99999939, 8);
    expect(scaledSigmoid(3.01)).toBe(-1);
  });

  it('drops probationary rows and windows, and weighs rows by their place relative to the windows', () => {
    expect(fileA.scores.length).toBe(21);
    expect(fileA.windowCount).toBe(1);
    const row = (i: number): number => (fileA.weights[i - 3] as number) * 1;
    expect(row(3)).toBeCloseTo(-0.9866143, 6);
    expect(row(8)).toBeCloseTo(1, 10); // left edge: σ(−1) / σ(−1)
    expect(row(9)).toBeCloseTo(0.96698909, 7);
    expect(row(10)).toBeCloseTo(0.85979257, 7);
    expect(row(11)).toBeCloseTo(scaledSigmoid(-0.25) / scaledSigmoid(-1), 10);
    expect(row(14)).toBeCloseTo(-0.9866143, 6);
    expect(row(23)).toBe(-1);
    expect([...fileA.windows.slice(8 - 3, 12 - 3)]).toEqual([0, 0, 0, 0]);
    expect(fileA.windows[12 - 3]).toBe(-1);
    // No preceding window: a detection costs the whole A_FP.
    expect(fileB.weights[0]).toBe(-1);
  });

  it('counts only the earliest detection in a window and every detection outside', () => {
    // At 0.8 rows 9 and 10 are detections: the window earns row 9's 0.96698909 only; no FP yet.
    expect(rawScoreAt([fileA], standard, 0.8)).toBeCloseTo(0.96698909, 7);
    // At 0.3: 0.96698909 − 0.10852757 (row 14) − 0.10852757 (row 3) − 0.11 (row 23) = 0.63993394
    expect(rawScoreAt([fileA], standard, 0.3)).toBeCloseTo(0.63993394, 7);
    // Nothing detected: the one scored window is missed.
    expect(rawScoreAt([fileA], lowFn, NO_DETECTION_THRESHOLD)).toBe(-2);
  });

  it('sweeps every distinct score over the whole corpus and normalises between null and perfect', () => {
    // Corpus thresholds: 0.95 → 0.85979 − 1 (B missed) = −0.14021; 0.8 → −0.03301; 0.7 → −0.14154; 0.6 → −0.25007;
    // 0.3 → 0.63993394 + 0.85979257 = 1.49972651 (best); 0 adds ~13.6 × 0.11 of FPs in A alone.
    // Normalised: null = −2 (two windows), perfect = 2 → 100 × (1.49972651 + 2) / 4 = 87.4932
    const s = sweepThreshold([fileA, fileB], standard);
    expect(s.threshold).toBe(0.3);
    expect(s.raw).toBeCloseTo(1.49972651, 7);
    expect(s.nullRaw).toBe(-2);
    expect(s.perfectRaw).toBe(2);
    expect(s.normalized).toBeCloseTo(87.4932, 3);
    // reward_low_FP (A_FP 0.22): 0.96698909 − 2 × 0.21705515 − 0.22 + 0.85979257 = 1.17267135 → 100 × 3.17267135 / 4
    const f = sweepThreshold([fileA, fileB], lowFp);
    expect(f.threshold).toBe(0.3);
    expect(f.normalized).toBeCloseTo(79.3168, 3);
    // reward_low_FN (A_FN 2): null = −4 → 100 × (1.49972651 + 4) / 6 = 91.6621
    expect(sweepThreshold([fileA, fileB], lowFn).normalized).toBeCloseTo(91.6621, 3);
  });

  it('keeps the null score when no threshold beats detecting nothing', () => {
    // 40 rows, probation 6, window rows 30..31. At 1: two FPs (−0.11 each: row 10 precedes every window, row 35 is
    // 4 widths past it), the window missed: −1.22. At 0: the window is found (+1) but 32 other rows cost ≈ −3.4.
    const noisy = nabFileRows('C.csv', times(40), scoresOf(40, { 10: 1, 35: 1 }), [[at(30), at(31)]]);
    const s = sweepThreshold([noisy], standard);
    expect(s.threshold).toBe(NO_DETECTION_THRESHOLD);
    expect(s.normalized).toBe(0);
  });

  it('names the file and the edge when a window is not on the file’s timestamps', () => {
    expect(() => nabFileRows('D.csv', times(10), scoresOf(10, {}), [[at(2) + 1, at(4)]])).toThrow(
      'D.csv: the start of a labelled window (2024-01-01T00:02:00.001Z) is not a timestamp of the file',
    );
    expect(() =>
      nabFileRows('E.csv', times(10), scoresOf(10, {}), [
        [at(2), at(5)],
        [at(4), at(6)],
      ]),
    ).toThrow('E.csv: labelled windows overlap');
  });
});
