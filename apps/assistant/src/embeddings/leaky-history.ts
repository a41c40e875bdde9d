import { Injectable } from '@nestjs/common';

/**
 * The demo's deliberate slow leak, switched on per request by the `X-Fault: leak` header: every such request
 * keeps a copy of its input, tokenised into objects, in a history nobody ever trims. The heap insights name
 * `retainForever` as the fastest-growing allocation site.
 */
@Injectable()
export class LeakyHistory {
  private readonly kept: { token: string; position: number; at: number }[][] = [];

  retainForever(text: string): void {
    const tokens: { token: string; position: number; at: number }[] = [];
    for (let i = 0; i < 2_000; i++)
      tokens.push({ token: `${text.slice(i % text.length, (i % text.length) + 8)}#${i}`, position: i, at: Date.now() });
    this.kept.push(tokens);
  }

  get size(): number {
    return this.kept.length;
  }
}
