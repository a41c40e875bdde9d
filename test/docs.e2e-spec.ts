import { readFileSync } from 'node:fs';
import { getMetadataStorage } from 'class-validator';
import { HttpCheckConfig, ObservabilityConfig, parseDuration } from 'nestjs-observability';
import { describe, expect, it } from 'vitest';

const reference = readFileSync(new URL('../docs/configuration.md', import.meta.url), 'utf8');

function propertiesOf(target: object): string[] {
  return [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(target.constructor, '', true, false)
        .map((m) => m.propertyName),
    ),
  ];
}

/** Lists whose entries are sections of their own, documented as `list[].key`. */
const LISTS_OF_SECTIONS: Record<string, object> = { 'health.checks.http': new HttpCheckConfig() };

/** Every key the schema accepts, with its default, descending into sections (not into free-form maps). */
function schemaKeys(instance: object, prefix: string, keys = new Map<string, unknown>()): Map<string, unknown> {
  for (const key of propertiesOf(instance)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const value: unknown = (instance as Record<string, unknown>)[key];
    const isSection = value !== null && typeof value === 'object' && !Array.isArray(value) && propertiesOf(value).length > 0;
    if (isSection) {
      schemaKeys(value, path, keys);
      continue;
    }
    keys.set(path, value);
    const entry = LISTS_OF_SECTIONS[path];
    if (entry) schemaKeys(entry, `${path}[]`, keys);
  }
  return keys;
}

/** The key and default columns of every table row whose first cell is one backticked key. */
function documentedRows(): { key: string; defaultCell: string }[] {
  return reference
    .split('\n')
    .map((line) => /^\|\s*`([a-z0-9_.[\]]+)`\s*\|\s*([^|]*?)\s*\|/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ key: m[1]!, defaultCell: m[2]! }));
}

/** Whether a default cell that names one value names the schema's default; prose (`1 ms, factor 2, …`) is not checked. */
function sameDefault(cell: string, value: unknown): boolean | undefined {
  // `—`: required in a list entry, so no default.
  if (cell === 'unset' || cell === '—') return value === undefined;
  const literal = /^`([^`]*)`$/.exec(cell)?.[1];
  if (literal === undefined) return undefined;
  if (Array.isArray(value)) return literal === `[${value.join(', ')}]`;
  if (value !== null && typeof value === 'object') return literal === '{}' && Object.keys(value).length === 0;
  if (typeof value === 'number') return Number(literal) === value || parseDuration(literal) === value;
  return literal === String(value);
}

describe('docs/configuration.md', () => {
  const keys = schemaKeys(new ObservabilityConfig(), '');
  const rows = documentedRows();

  it('lists every key the schema accepts', () => {
    expect(keys.size).toBeGreaterThan(100);
    const documented = new Set(rows.map((r) => r.key));
    expect([...keys.keys()].filter((key) => !documented.has(key))).toEqual([]);
  });

  it('lists only keys the schema accepts, each once', () => {
    expect(rows.filter((r) => !keys.has(r.key)).map((r) => r.key)).toEqual([]);
    const seen = rows.map((r) => r.key);
    expect(seen.filter((key, i) => seen.indexOf(key) !== i)).toEqual([]);
  });

  it("gives the schema's default wherever it names a single value", () => {
    const checked = rows.map((r) => ({ ...r, same: sameDefault(r.defaultCell, keys.get(r.key)) }));
    expect(checked.filter((r) => r.same === false).map((r) => `${r.key}: ${r.defaultCell} vs ${JSON.stringify(keys.get(r.key))}`)).toEqual(
      [],
    );
    expect(checked.filter((r) => r.same === true).length).toBeGreaterThan(90);
  });
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/ /g, '-');
}

describe('README and docs/', () => {
  const root = new URL('../', import.meta.url);
  const pages = ['README.md', 'docs/configuration.md', 'docs/performance.md', 'docs/DESIGN.md'];
  const anchors = (page: URL) =>
    new Set(
      readFileSync(page, 'utf8')
        .split('\n')
        .filter((line) => /^#{1,6} /.test(line))
        .map((line) => slug(line.replace(/^#+ /, ''))),
    );

  it('keeps the README a guide: at most 20 KB, with a table of contents', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(20 * 1024);
    expect(readme).toMatch(/^## Contents$/m);
  });

  it("shows the demo's console as its picture: plain SVG text that fetches nothing", () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const intro = readme.slice(0, readme.indexOf('## Contents'));
    expect(intro).toMatch(/^!\[[^\]]+\]\(docs\/img\/demo-console\.svg\)$/m);
    const svg = readFileSync(new URL('docs/img/demo-console.svg', root), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    // What the terminal shows, its wrapped rows joined again.
    const shown = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((text) => text[1]).join('');
    expect(shown).toContain('"msg":"observability: metrics');
    expect(shown).toContain('"msg":"request completed"');
    expect(shown).toMatch(/assistant_requests_total\{method="POST",endpoint="\/api\/chat",status_code="200"\} \d+/);
    expect(svg).not.toMatch(/href=|@import|url\(|<image|<script/);
  });

  it('links only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const page of pages) {
      const from = new URL(page, root);
      for (const [, target] of readFileSync(from, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [file, anchor] = target!.split('#') as [string, string | undefined];
        const url = file ? new URL(file, from) : from;
        let exists = true;
        try {
          readFileSync(url);
        } catch (error) {
          exists = (error as NodeJS.ErrnoException).code === 'EISDIR';
        }
        if (!exists || (anchor && !anchors(url).has(anchor))) broken.push(`${page}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
