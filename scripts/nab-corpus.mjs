// Reads a corpus in NAB's layout: CSV series (`timestamp,value`) under a data folder, and a labels file mapping each
// series' path (relative to the data folder) to its anomaly windows, `[[start, end], ...]`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/;

function parseTimestamp(text, where) {
  const m = TIMESTAMP.exec(text.trim());
  if (m === null) throw new Error(`${where}: "${text}" is not a timestamp (expected YYYY-MM-DD HH:MM:SS[.ffffff])`);
  const [, y, mo, d, h, mi, s, frac = '0'] = m;
  return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Math.round(Number(`0.${frac}`) * 1000));
}

function readSeries(path, name) {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (lines[0]?.trim() !== 'timestamp,value') throw new Error(`${path}: the header must be "timestamp,value"`);
  const timestamps = new Float64Array(lines.length - 1);
  const values = new Float64Array(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    const [t, v] = lines[i].split(',');
    timestamps[i - 1] = parseTimestamp(t, `${path} line ${i + 1}`);
    values[i - 1] = Number(v);
    if (!Number.isFinite(values[i - 1])) throw new Error(`${path} line ${i + 1}: value "${v}" is not a number`);
    if (i > 1 && timestamps[i - 1] < timestamps[i - 2]) throw new Error(`${path} line ${i + 1}: timestamps must not go back`);
  }
  return { name, family: name.split('/')[0], timestamps, values };
}

/** Every series named in the labels file, with its windows as [startMs, endMs]. */
export function loadCorpus(dataDir, labelsFile) {
  let labels;
  try {
    labels = JSON.parse(readFileSync(labelsFile, 'utf8'));
  } catch (e) {
    throw new Error(`${labelsFile}: cannot read the labels (${e.message})`, { cause: e });
  }
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    throw new Error(`${labelsFile}: expected an object mapping each CSV path to a list of [start, end] windows`);
  }
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, windows]) => {
      if (!Array.isArray(windows)) throw new Error(`${labelsFile}: "${name}" must map to a list of [start, end] windows`);
      const series = readSeries(join(dataDir, name), name);
      return {
        ...series,
        windows: windows.map((w) => {
          if (!Array.isArray(w) || w.length !== 2) throw new Error(`${labelsFile}: "${name}" has a window that is not [start, end]`);
          return [parseTimestamp(String(w[0]), `${labelsFile} ${name}`), parseTimestamp(String(w[1]), `${labelsFile} ${name}`)];
        }),
      };
    });
}
