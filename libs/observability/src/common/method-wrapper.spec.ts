import 'reflect-metadata';
import { Controller, Get, Post } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { lastValueFrom, map, Observable, Subject, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  createAspectDecorator,
  findAspectMethods,
  installAspectHooks,
  runWithHooks,
  uninstallAspectHooks,
  type CallHooks,
} from './method-wrapper.js';

const A = Symbol('A');
const B = Symbol('B');
const Custom = (): MethodDecorator => (_t, _k, d) => Reflect.defineMetadata('custom', 'kept', d.value as object);

@Controller('x')
class Target {
  factor = 2;

  @Get('sync')
  @createAspectDecorator(A, { label: 'sync' })
  sync(a: number, b: number): number {
    return (a + b) * this.factor;
  }

  @createAspectDecorator(A, { label: 'async' })
  @Post('async')
  @Custom()
  async later(fail: boolean): Promise<string> {
    await Promise.resolve();
    if (fail) throw new RangeError('nope');
    return 'done';
  }

  @createAspectDecorator(B, { label: 'b' })
  @createAspectDecorator(A, { label: 'stacked' })
  stacked(): string {
    return 'stacked';
  }
}

function recorder(events: string[], name: string): CallHooks<number> {
  return {
    start: () => (events.push(`${name}:start`), 0),
    settle: (_s, error, failed) => void events.push(`${name}:${failed ? `failed:${(error as Error).message}` : 'ok'}`),
  };
}

describe('aspect method decorators', () => {
  it('keep the name, the arity and the metadata of the method, whatever the decorator order', () => {
    const proto = Target.prototype;
    expect(proto.sync.name).toBe('sync');
    expect(proto.sync.length).toBe(2);
    expect(proto.later.length).toBe(1);
    expect(Reflect.getMetadata(PATH_METADATA, proto.sync)).toBe('sync');
    expect(Reflect.getMetadata(PATH_METADATA, proto.later)).toBe('async');
    expect(Reflect.getMetadata(METHOD_METADATA, proto.later)).toBe(1);
    expect(Reflect.getMetadata('custom', proto.later)).toBe('kept');
    expect(Reflect.getMetadata('design:paramtypes', proto, 'sync')).toEqual([Number, Number]);
    expect(findAspectMethods(new Target(), A).map((m) => m.methodName)).toEqual(['sync', 'later', 'stacked']);
    expect(findAspectMethods(new Target(), B)).toEqual([{ methodName: 'stacked', options: { label: 'b' } }]);
  });

  it('are found on a subclass that inherits them, and not on a class with none of that aspect', () => {
    class Derived extends Target {
      override sync(a: number, b: number): number {
        return super.sync(a, b) * 2;
      }
      extra(): string {
        return 'extra';
      }
    }
    class Unrelated {
      sync(): number {
        return 1;
      }
    }
    // `sync` is overridden without the decorator: the subclass's own method is the one called, so it is not listed.
    expect(findAspectMethods(new Derived(), A).map((m) => m.methodName)).toEqual(['later', 'stacked']);
    expect(findAspectMethods(new Derived(), B).map((m) => m.methodName)).toEqual(['stacked']);
    expect(findAspectMethods(new Unrelated(), A)).toEqual([]);
    expect(findAspectMethods(Object.create(null) as object, A)).toEqual([]);
  });

  it('run the original alone until hooks are installed, then around each call of that instance only', async () => {
    const events: string[] = [];
    const observed = new Target();
    const plain = new Target();
    expect(observed.sync(1, 2)).toBe(6);
    installAspectHooks(observed, A, 'sync', recorder(events, 'sync'));
    installAspectHooks(observed, A, 'sync', recorder(events, 'sync'));
    installAspectHooks(observed, A, 'later', recorder(events, 'later'));
    expect(observed.sync(1, 2)).toBe(6);
    expect(plain.sync(1, 2)).toBe(6);
    await expect(observed.later(false)).resolves.toBe('done');
    const error = await observed.later(true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect(events).toEqual(['sync:start', 'sync:ok', 'later:start', 'later:ok', 'later:start', 'later:failed:nope']);
    uninstallAspectHooks(observed, A);
    observed.sync(0, 0);
    expect(events).toHaveLength(6);
  });

  it('stack: each aspect runs its own hooks', () => {
    const events: string[] = [];
    const t = new Target();
    installAspectHooks(t, A, 'stacked', recorder(events, 'a'));
    installAspectHooks(t, B, 'stacked', recorder(events, 'b'));
    expect(t.stacked()).toBe('stacked');
    expect(events).toEqual(['b:start', 'a:start', 'a:ok', 'b:ok']);
  });

  it('never let a failing hook change the result, and re-throw the very error of a sync method', () => {
    const broken: CallHooks<void> = {
      start: () => {
        throw new Error('start broke');
      },
      settle: () => {},
    };
    expect(runWithHooks(() => 42, broken)).toBe(42);
    const settleBroken: CallHooks<void> = {
      start: () => {},
      settle: () => {
        throw new Error('settle broke');
      },
    };
    expect(runWithHooks(() => 'v', settleBroken)).toBe('v');
    const original = new SyntaxError('own');
    expect(() =>
      runWithHooks(() => {
        throw original;
      }, settleBroken),
    ).toThrow(original);
  });

  it('time an Observable until it completes, errors or is unsubscribed, and subscribe inside the scope', async () => {
    const events: string[] = [];
    const hooks: CallHooks<number> = {
      ...recorder(events, 'obs'),
      scope: (_state, call) => {
        events.push('scope');
        return call();
      },
    };
    const done = runWithHooks(() => timer(30).pipe(map(() => 'value')), hooks) as Observable<string>;
    expect(events).toEqual(['obs:start', 'scope']);
    const started = Date.now();
    await expect(lastValueFrom(done)).resolves.toBe('value');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(events).toEqual(['obs:start', 'scope', 'scope', 'obs:ok']);

    events.length = 0;
    const failing = runWithHooks(
      () =>
        timer(10).pipe(
          map(() => {
            throw new RangeError('late');
          }),
        ),
      recorder(events, 'err'),
    ) as Observable<never>;
    expect(events).toEqual(['err:start']);
    await expect(lastValueFrom(failing)).rejects.toThrow('late');
    expect(events).toEqual(['err:start', 'err:failed:late']);

    events.length = 0;
    const never = runWithHooks(() => new Observable<number>(() => undefined), recorder(events, 'cut')) as Observable<number>;
    const subscription = never.subscribe();
    expect(events).toEqual(['cut:start']);
    subscription.unsubscribe();
    subscription.unsubscribe();
    expect(events).toEqual(['cut:start', 'cut:ok']);

    // A Subject is handed back as itself (callers use next()), timed like a sync result.
    events.length = 0;
    const subject = new Subject<number>();
    expect(runWithHooks(() => subject, recorder(events, 'subject'))).toBe(subject);
    expect(events).toEqual(['subject:start', 'subject:ok']);
  });
});
