import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SafeDestination } from './safe-destination.js';

class FakeWriter extends EventEmitter {
  readonly written: string[] = [];
  destroyed = false;
  write(line: string): boolean {
    this.written.push(line);
    return true;
  }
  flush(cb?: (err?: Error) => void): void {
    cb?.();
  }
  destroy(): void {
    this.destroyed = true;
  }
}

describe('SafeDestination', () => {
  afterEach(() => vi.restoreAllMocks());

  it('counts lines its writer refuses when full, warning once', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const writer = new FakeWriter();
    const dest = new SafeDestination(writer, 'app.log');
    dest.write('a\n');
    writer.emit('drop', 'b\n');
    writer.emit('drop', 'c\n');
    expect(dest.dropped).toBe(2);
    expect(dest.failed).toBe(false);
    expect(writer.written).toEqual(['a\n']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toBe(
      'nestjs-observability: log destination app.log is not keeping up; lines are being dropped',
    );
  });

  it('after a write error drops and counts every line, destroys the writer, and flushes at once', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const writer = new FakeWriter();
    const dest = new SafeDestination(writer, 'app.log');
    writer.emit('error', new Error('ENOSPC: no space left on device'));
    dest.write('x\n');
    dest.write('y\n');
    expect(dest.failed).toBe(true);
    expect(dest.dropped).toBe(2);
    expect(writer.destroyed).toBe(true);
    expect(writer.written).toEqual([]);
    await dest.flush();
  });
});
