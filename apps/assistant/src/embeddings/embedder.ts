/** Dimensions of the demo's embeddings. */
export const EMBEDDING_DIMENSIONS = 256;

/**
 * A deliberately CPU-heavy "embedding": every character's hash is projected onto every dimension through a few
 * rounds of trigonometry, then the vector is normalised. Deterministic, so tests can compare results; slow on
 * purpose, so profiles have a hot spot to find (`/debug/pprof/insights` names this function).
 */
export function embedText(text: string, rounds = 24): number[] {
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (let c = 0; c < text.length; c++) {
    const code = text.charCodeAt(c);
    for (let d = 0; d < EMBEDDING_DIMENSIONS; d++) {
      let v = (code * 31 + d * 17 + c) % 9973;
      for (let r = 0; r < rounds; r++) v = Math.sin(v) * 43758.5453 + Math.cos(v * 0.5);
      vector[d]! += v - Math.floor(v);
    }
  }
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0)) || 1;
  return vector.map((x) => Math.round((x / norm) * 1e6) / 1e6);
}
