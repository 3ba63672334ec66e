import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src-core/csv/parseCsv';
import { HilumError } from '../../../src-core/errors';

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with commas, newlines and escaped quotes; CRLF; BOM; trailing newline', () => {
    const text = '\ufeffid,"note, long",x\r\na,"say ""hi""",1\r\nb,"two\nlines",\r\n\r\n';
    const t = parseCsv(text, 'p.csv');
    expect(t.header).toEqual(['id', 'note, long', 'x']);
    expect(t.rows).toEqual([
      ['a', 'say "hi"', '1'],
      ['b', 'two\nlines', ''],
    ]);
  });
  it('keeps an empty quoted field and a last line without newline', () => {
    expect(parseCsv('a,b\n"",2', 'f.csv').rows).toEqual([['', '2']]);
  });
  it('errors name the file and line', () => {
    const bad = (text: string, re: RegExp) => {
      try {
        parseCsv(text, 'labels.csv');
      } catch (error) {
        expect(error).toBeInstanceOf(HilumError);
        expect((error as HilumError).code).toBe('DATASET_FORMAT');
        expect((error as HilumError).details.file).toBe('labels.csv');
        expect((error as HilumError).message).toMatch(re);
        return;
      }
      throw new Error('expected an error');
    };
    bad('a,b\n1,2,3\n', /line 2: 3 fields, header has 2/);
    bad('a,b\n1,"2\n', /unterminated/);
    bad('a,b\n1,"2"x\n', /after a closing quote/);
    bad('a,b\n1,2"\n', /quote inside an unquoted field/);
    bad('', /empty/);
  });
});
