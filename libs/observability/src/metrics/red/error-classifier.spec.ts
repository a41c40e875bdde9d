import {
  BadGatewayException,
  BadRequestException,
  GatewayTimeoutException,
  HttpException,
  NotFoundException,
  RequestTimeoutException,
} from '@nestjs/common';
import { TimeoutError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { classifyError, classifyStatus, createErrorClassifier } from './error-classifier.js';

class ProviderError extends Error {}
class RateLimitedProviderError extends ProviderError {}
class TeapotException extends HttpException {
  constructor() {
    super('teapot', 418);
  }
}

describe('error classification', () => {
  it('names HTTP exceptions by class, and recognises validation failures, timeouts and the unknown', () => {
    expect(classifyError(new NotFoundException())).toBe('NotFoundException');
    expect(classifyError(new BadGatewayException())).toBe('BadGatewayException');
    expect(classifyError(new TeapotException())).toBe('TeapotException');
    expect(classifyError(new BadRequestException('bad'))).toBe('BadRequestException');
    expect(classifyError(new BadRequestException(['name must be longer than or equal to 3 characters']))).toBe('validation');
    expect(classifyError(new TimeoutError())).toBe('timeout');
    expect(classifyError(new RequestTimeoutException())).toBe('timeout');
    expect(classifyError(new GatewayTimeoutException())).toBe('timeout');
    expect(classifyError(Object.assign(new Error('x'), { code: 'ETIMEDOUT' }))).toBe('timeout');
    expect(classifyError(new DOMException('t', 'TimeoutError'))).toBe('timeout');
    expect(classifyError(new TypeError('x'))).toBe('unknown');
    expect(classifyError('a string')).toBe('unknown');
  });

  it('names unseen failures by status', () => {
    expect(classifyStatus(403)).toBe('ForbiddenException');
    expect(classifyStatus(404)).toBe('NotFoundException');
    expect(classifyStatus(504)).toBe('timeout');
    expect(classifyStatus(599)).toBe('http_599');
  });

  it('tries the app classification first: a map by class name (subclasses match) or a function', () => {
    const byMap = createErrorClassifier({ ProviderError: 'provider' });
    expect(byMap(new RateLimitedProviderError())).toBe('provider');
    expect(byMap(new NotFoundException())).toBe('NotFoundException');
    const byFn = createErrorClassifier((e) => (e instanceof ProviderError ? 'llm' : undefined));
    expect(byFn(new ProviderError())).toBe('llm');
    expect(byFn(new TypeError())).toBe('unknown');
    const throwing = createErrorClassifier(() => {
      throw new Error('bug in classifier');
    });
    expect(throwing(new NotFoundException())).toBe('NotFoundException');
  });
});
