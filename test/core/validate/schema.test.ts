import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HilumError } from '../../../src-core/errors';
import { parseDocument, s, type Infer } from '../../../src-core/validate';

const job = s.object({
  name: s.string({ minLength: 1 }),
  size: s.optional(s.number({ integer: true, min: 1 })),
  tags: s.array(s.enumOf(['a', 'b'] as const)),
});

describe('schema', () => {
  it('parses a valid value and infers its type', () => {
    const value: Infer<typeof job> = job.parse({ name: 'x', tags: ['a'] });
    expect(value).toEqual({ name: 'x', tags: ['a'] });
  });
  it.each([
    [{ name: '', tags: [] }, 'name: expected string of at least 1 characters'],
    [{ name: 'x', size: 1.5, tags: [] }, 'size: expected integer'],
    [{ name: 'x', tags: ['c'] }, 'tags[0]: expected one of a, b'],
    [{ name: 'x', tags: [], extra: 1 }, 'extra: unexpected field'],
    [null, 'expected object, got null'],
  ])('rejects %j with a message naming the path', (input, message) => {
    expect(() => job.parse(input)).toThrow(HilumError);
    expect(() => job.parse(input)).toThrow(message);
  });
  it('unions try each option', () => {
    const u = s.union(s.literal('auto'), s.number());
    expect(u.parse('auto')).toBe('auto');
    expect(u.parse(3)).toBe(3);
    expect(() => u.parse('x')).toThrow(/expected "auto" \| number/);
  });
  it.each([Infinity, -Infinity, NaN])('number() refuses %s and names it', (bad) => {
    expect(() => s.number().parse(bad, 'params.lr')).toThrow(`params.lr: expected finite number, got ${bad}`);
    expect(() => job.parse({ name: 'x', size: bad, tags: [] })).toThrow(`size: expected finite number, got ${bad}`);
  });
  it('names nested paths under a prefix, with indexes and record keys', () => {
    const nested = s.object({ sets: s.array(s.object({ auroc: s.record(s.number({ min: 0, max: 1 })) })) });
    const error = catchError(() => nested.parse({ sets: [{ auroc: {} }, { auroc: { effusion: 0.5, edema: 2 } }] }, 'result'));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toBe('result.sets[1].auroc.edema: expected number <= 1, got 2');
    expect(error.details.path).toBe('result.sets[1].auroc.edema');
    expect(() => nested.parse({ sets: [{ auroc: {}, extra: true }] }, 'result')).toThrow('result.sets[0].extra: unexpected field');
    expect(() => nested.parse({ sets: [{}] })).toThrow('sets[0].auroc: expected object, got undefined');
  });
  it('nullable, literal null and maxItems keep their checks', () => {
    expect(s.nullable(s.number()).parse(null)).toBeNull();
    expect(() => s.nullable(s.number()).parse('1')).toThrow('expected finite number, got string');
    expect(s.literal(null).parse(null)).toBeNull();
    expect(() => s.array(s.number(), { maxItems: 2 }).parse([1, 2, 3], 'xs')).toThrow('xs: expected at most 2 items, got array');
  });
  it('wraps zod schemas both ways: builders expose .zod, and a zod schema plugs into s.object', () => {
    const fromZod = s.fromZod(z.object({ when: z.iso.datetime() }).strict(), 'event');
    const composed = s.object({ event: fromZod, count: s.number({ integer: true }) });
    expect(composed.parse({ event: { when: '2026-12-03T12:00:00Z' }, count: 2 })).toEqual({
      event: { when: '2026-12-03T12:00:00Z' },
      count: 2,
    });
    expect(() => composed.parse({ event: { when: 'yesterday' }, count: 2 })).toThrow(/^event\.when: expected/);
    expect(composed.zod.safeParse({ event: { when: '2026-12-03T12:00:00Z' }, count: 2.5 }).success).toBe(false);
  });
  it('custom schemas check with their predicate', () => {
    const bytes = s.custom<Uint8Array>('Uint8Array', (v) => v instanceof Uint8Array);
    expect(bytes.parse(new Uint8Array(2))).toEqual(new Uint8Array(2));
    expect(() => s.object({ data: bytes }).parse({ data: [1, 2] }, 'params')).toThrow('params.data: expected Uint8Array, got array');
  });
  it("parseDocument names the file and the field with the caller's code", () => {
    const error = catchError(() => parseDocument(job, { name: 'x', tags: ['a', 'z'] }, { code: 'CONFIG_INVALID', file: 'job.yaml' }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe('job.yaml: tags[1]: expected one of a, b, got string');
    expect(error.details).toMatchObject({ file: 'job.yaml', field: 'tags[1]' });
  });
});

function catchError(fn: () => unknown): HilumError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HilumError) return error;
    throw error;
  }
  return expect.unreachable('expected a HilumError');
}
