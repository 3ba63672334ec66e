import { describe, expect, it } from 'vitest';
import { createCsvRowParser, parseCsvText } from '../../../src-core/datasets/createCsvRowParser';

describe('createCsvRowParser', () => {
  it('parses quoted fields with commas, escaped quotes and newlines, CRLF and a BOM', () => {
    const text = '\ufeffa,b,c\r\n1,"x, y","he said ""hi"""\r\n2,"multi\nline",\r\n3,,last';
    expect(parseCsvText(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'he said "hi"'],
      ['2', 'multi\nline', ''],
      ['3', '', 'last'],
    ]);
  });

  it('gives the same rows whatever the chunk boundaries', () => {
    const text = 'Path,Sex\n"p/1.jpg","Fe""male"\r\np2,Male\r\n';
    const whole = parseCsvText(text);
    for (let size = 1; size <= 7; size++) {
      const parser = createCsvRowParser();
      const rows: string[][] = [];
      for (let i = 0; i < text.length; i += size) rows.push(...parser.push(text.slice(i, i + size)));
      rows.push(...parser.end());
      expect(rows).toEqual(whole);
    }
    expect(whole).toEqual([
      ['Path', 'Sex'],
      ['p/1.jpg', 'Fe"male'],
      ['p2', 'Male'],
    ]);
  });
});
