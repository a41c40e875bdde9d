import { execFileSync } from 'node:child_process';
import { HealthIndicatorService as FromIndex } from '@nestjs/terminus';
import { describe, expect, it } from 'vitest';
import { HealthIndicatorService } from './terminus.js';

describe('HealthIndicatorService', () => {
  it('is the class @nestjs/terminus exports: one DI token for the suite and an app that imports Terminus itself', () => {
    expect(HealthIndicatorService).toBe(FromIndex);
  });

  it('is loaded without the rest of Terminus', () => {
    // A fresh process (Node strips this file's types), recording every file it loads.
    const script = `
      import { registerHooks } from 'node:module';
      const loaded = [];
      registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
      const { HealthIndicatorService } = await import(${JSON.stringify(new URL('./terminus.ts', import.meta.url).href)});
      console.log(JSON.stringify({ name: HealthIndicatorService.name, terminus: loaded.filter((url) => url.includes('/@nestjs/terminus/')) }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], { encoding: 'utf8' });
    const { name, terminus } = JSON.parse(out) as { name: string; terminus: string[] };
    expect(name).toBe('HealthIndicatorService');
    expect(terminus.some((url) => url.endsWith('/health-indicator/health-indicator.service.js'))).toBe(true);
    expect(terminus.some((url) => url.endsWith('/@nestjs/terminus/dist/index.js'))).toBe(false);
    expect(terminus.length).toBeLessThan(10);
  });
});
