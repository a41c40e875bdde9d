import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../common/index.js';
import { eventually } from '../../../../test/helpers/eventually.js';
import { RequestContext } from './request-context.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function request(user: string): HttpRequest {
  return { headers: { 'x-end-user': 'from header' }, user: { id: user } } as unknown as HttpRequest;
}

describe('RequestContext.release', () => {
  it('keeps the user id readable after the request is let go, from req.user or a header', () => {
    const fromUser = new RequestContext('r1', request('user-7'), { kind: 'user', property: 'id' });
    const fromHeader = new RequestContext('r2', request('user-8'), { kind: 'header', header: 'x-end-user' });
    fromUser.release();
    fromHeader.release();
    expect(fromUser.userId).toBe('user-7');
    expect(fromHeader.userId).toBe('from_header');
  });

  it('an explicit user id set before the release wins', () => {
    const ctx = new RequestContext('r3', request('user-9'), { kind: 'user', property: 'id' });
    ctx.setUserId('set-by-app');
    ctx.release();
    expect(ctx.userId).toBe('set-by-app');
  });

  it('no longer holds the request: a context kept alive (as a keep-alive socket keeps its last one) lets it be collected', async () => {
    const collected: string[] = [];
    const registry = new FinalizationRegistry<string>((id) => collected.push(id));
    // Built in a function of its own, so that no variable of this (async) test keeps a request reachable.
    const contextOf = (id: string, release: boolean): RequestContext => {
      const req = request(id);
      registry.register(req, id);
      const ctx = new RequestContext(id, req, { kind: 'user', property: 'id' });
      if (release) ctx.release();
      return ctx;
    };
    const contexts = [contextOf('kept', false), contextOf('released', true)];
    await eventually(() => {
      gc();
      expect(collected).toContain('released');
    });
    expect(collected).not.toContain('kept');
    expect(contexts.map((c) => c.userId)).toEqual(['kept', 'released']);
  });
});
