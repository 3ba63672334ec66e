import { describe, expect, it } from 'vitest';
import { HilumError } from '../../../src-core/errors';
import { s, type Infer } from '../../../src-core/validate';

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
});
