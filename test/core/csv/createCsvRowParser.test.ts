// The one CSV parser: RFC 4180 fields, the same rows whatever the chunking, strict errors with file and line.
import { describe, expect, it } from 'vitest';
import { createCsvRowParser } from '../../../src-core/csv/createCsvRowParser';
import { HilumError } from '../../../src-core/errors';

function parseInChunks(text: string, size: number, delimiter = ','): { rows: string[][]; lines: number[] } {
  const parser = createCsvRowParser({ file: 'labels.csv', delimiter });
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let i = 0; i < text.length; i += size) rows.push(...parser.push(text.slice(i, i + size), lines));
  rows.push(...parser.end(lines));
  return { rows, lines };
}

describe('createCsvRowParser', () => {
  it('parses quoted fields with commas, escaped quotes and newlines, CRLF, a lone CR and a BOM', () => {
    const text = '\ufeffa,b,c\r\n1,"x, y","he said ""hi"""\r\n2,"multi\nline",\r3,,last';
    expect(parseInChunks(text, text.length)).toEqual({
      rows: [
        ['a', 'b', 'c'],
        ['1', 'x, y', 'he said "hi"'],
        ['2', 'multi\nline', ''],
        ['3', '', 'last'],
      ],
      lines: [1, 2, 3, 5],
    });
  });

  it('gives the same rows and lines whatever the chunk boundaries (CRLF split across chunks included)', () => {
    const text = 'Path,Sex\r\n"p/1.jpg","Fe""male"\r\n\r\np2,Male\r\n"a\r\nb",""\r\n';
    const whole = parseInChunks(text, text.length);
    expect(whole.rows).toEqual([['Path', 'Sex'], ['p/1.jpg', 'Fe"male'], [''], ['p2', 'Male'], ['a\r\nb', '']]);
    expect(whole.lines).toEqual([1, 2, 3, 4, 5]);
    for (let size = 1; size <= 9; size++) expect(parseInChunks(text, size)).toEqual(whole);
  });

  it('unquoted LF lines (the split fast path) and quoted lines give the same rows in any mix and chunking', () => {
    const text = 'id,finding,age\n1,Effusion|Mass,58\n\n2,"Nodule, small",61\n3,No Finding,\n"4",x,7\n5,y,8';
    const expected = [
      ['id', 'finding', 'age'],
      ['1', 'Effusion|Mass', '58'],
      [''],
      ['2', 'Nodule, small', '61'],
      ['3', 'No Finding', ''],
      ['4', 'x', '7'],
      ['5', 'y', '8'],
    ];
    for (let size = 1; size <= text.length; size++) {
      expect(parseInChunks(text, size)).toEqual({ rows: expected, lines: [1, 2, 3, 4, 5, 6, 7] });
    }
  });

  it('takes another delimiter and keeps commas inside fields', () => {
    expect(parseInChunks('a;b\n1,5;"x;y"\n', 3, ';').rows).toEqual([
      ['a', 'b'],
      ['1,5', 'x;y'],
    ]);
  });

  it('rejects malformed quoting with DATASET_FORMAT naming the file and line, whatever the chunking', () => {
    const cases: Array<[string, RegExp, number]> = [
      ['a,b\n1,2"\n', /quote inside an unquoted field/, 2],
      ['a,b\n1,"2"x\n', /text after a closing quote/, 2],
      ['a,b\n"x\ny",1\n2,"3\n', /unterminated quoted field/, 4],
    ];
    for (const [text, reason, line] of cases) {
      for (const size of [1, 4, text.length]) {
        let caught: unknown;
        try {
          parseInChunks(text, size);
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(HilumError);
        expect((caught as HilumError).code).toBe('DATASET_FORMAT');
        expect((caught as HilumError).message).toMatch(reason);
        expect((caught as HilumError).details).toMatchObject({ file: 'labels.csv', line });
      }
    }
  });

  it('refuses a delimiter that cannot work as a bug, not a silent mis-parse', () => {
    expect(() => createCsvRowParser({ file: 'x.csv', delimiter: '"' })).toThrow(/delimiter/);
    expect(() => createCsvRowParser({ file: 'x.csv', delimiter: ';;' })).toThrow(/delimiter/);
  });
});
