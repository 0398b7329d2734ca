import { Readable } from 'node:stream';
import { COLUMNS, columnOf, headerClashes } from '../../../src/import/columns';
import { CsvError, CsvParser, readCsv } from '../../../src/import/csv';
import { reportCsv } from '../../../src/import/report';
import { csvRows, ImportFileError, jsonLinesRows, SourceRow } from '../../../src/import/sources';

/** Reading import files: CSV as spreadsheets write it, headers in either language, JSON lines, the error report. */
const records = async (text: string) => {
  const out: { line: number; fields: string[] }[] = [];
  for await (const record of readCsv(Readable.from([text]))) out.push(record);
  return out;
};
const rows = async (source: AsyncIterable<SourceRow>) => {
  const out: SourceRow[] = [];
  for await (const row of source) out.push(row);
  return out;
};
const NOMINATION = 'Mã chi bộ,Họ và tên,Ngày sinh,Giới tính,Trình độ học vấn,Ngày giới thiệu,Loại đơn vị giới thiệu,Đơn vị giới thiệu,Đảng viên giúp đỡ';

describe('CSV', () => {
  it('reads quoted fields with separators, doubled quotes and line breaks, and gives the line each record starts on', async () => {
    const text = '\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\r\n\r\n2,"two\r\nlines",\r\n3,plain,end';
    expect(await records(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 4, fields: ['2', 'two\nlines', ''] },
      { line: 6, fields: ['3', 'plain', 'end'] },
    ]);
  });

  it('takes the separator from the header: semicolons or tabs as spreadsheets in a Vietnamese locale write them', async () => {
    expect(await records('a;b\n1,5;"x;y"\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1,5', 'x;y'] },
    ]);
    expect((await records('a\tb\n1\t2\n'))[1].fields).toEqual(['1', '2']);
  });

  it('refuses a quoted field left open at the end of the file, naming its line', () => {
    const parser = new CsvParser();
    parser.push('a,b', 1);
    parser.push('1,"open', 2);
    expect(() => parser.end()).toThrow(new CsvError('line 2: a quoted field is not closed before the end of the file'));
  });
});

describe('columns', () => {
  it('match English and Vietnamese headers whatever the case, accents, spaces or punctuation', () => {
    expect(['Ngày sinh', 'ngay_sinh', 'NGÀY SINH', ' date of birth ', 'Date-Of-Birth'].map(columnOf)).toEqual(Array(5).fill('date_of_birth'));
    expect(columnOf('Đảng viên giúp đỡ')).toBe('helper_name');
    expect(columnOf('STT')).toBeNull();
    expect(columnOf('Ghi chú')).toBeUndefined();
  });

  it('never let two columns share a header, in either language', () => {
    expect(headerClashes()).toEqual([]);
    expect(new Set(COLUMNS.map((c) => c.key)).size).toBe(COLUMNS.length);
  });
});

describe('import sources', () => {
  it('turn a CSV row into raw values by column, and refuse a row with more fields than the header', async () => {
    const text = `STT,${NOMINATION}\n1,chi-bo-a,Lê Thị Hoa,12/04/1998,nữ,đại học,2024-03-01,công đoàn,Công đoàn cơ sở,Trần Văn Bình\n2,a,b,c,d,e,f,g,h,i,extra\n`;
    const [first, second] = await rows(csvRows(Readable.from([text])));
    expect(first).toEqual({
      line: 2,
      problems: [],
      raw: {
        cell_id: 'chi-bo-a',
        full_name: 'Lê Thị Hoa',
        date_of_birth: '12/04/1998',
        gender: 'nữ',
        education: 'đại học',
        nominated_on: '2024-03-01',
        nominated_by_kind: 'công đoàn',
        nominated_by_name: 'Công đoàn cơ sở',
        helper_name: 'Trần Văn Bình',
      },
    });
    expect(second.problems).toEqual([expect.objectContaining({ code: 'VALIDATION_FAILED', message: 'the row has 11 fields, the header 10' })]);
  });

  it('refuse a file whose header has unknown, repeated or missing columns before reading any row', async () => {
    await expect(rows(csvRows(Readable.from([`${NOMINATION},Ghi chú\n`])))).rejects.toThrow(new ImportFileError('unknown column(s): "Ghi chú" (docs/import.md lists the columns)'));
    await expect(rows(csvRows(Readable.from([`${NOMINATION},full_name\n`])))).rejects.toThrow('column(s) given twice: full_name');
    await expect(rows(csvRows(Readable.from(['Họ và tên,Ngày sinh\n'])))).rejects.toThrow(/no column for cell_id \(Mã chi bộ\), gender \(Giới tính\)/);
  });

  it('read JSON lines keyed by column names, with numbers, yes/no and lists, and refuse unknown keys and nested objects', async () => {
    const text = [
      JSON.stringify({ 'Họ và tên': 'Lê Thị Hoa', cell_official_members: 9, grassroots_approve: true, categories: ['youth_union', 'worker'], relatives: null }),
      '',
      JSON.stringify({ full_name: 'A', nickname: 'B', candidate: { fullName: 'C' } }),
      '[1, 2]',
      '{not json',
    ].join('\n');
    const [hoa, odd, array, broken] = await rows(jsonLinesRows(Readable.from([text])));
    expect(hoa).toEqual({ line: 1, problems: [], raw: { full_name: 'Lê Thị Hoa', cell_official_members: '9', grassroots_approve: 'yes', categories: 'youth_union;worker' } });
    expect(odd.problems.map((p) => p.field)).toEqual(['nickname', 'candidate']);
    expect([odd.line, array.line, broken.line]).toEqual([3, 4, 5]);
    expect(array.problems[0].message).toBe('the line must be a JSON object');
    expect(broken.problems[0].message).toBe('the line is not valid JSON');
  });
});

describe('error report', () => {
  it('lists problems by line, quotes what needs quoting, and starts with a byte-order mark for spreadsheets', () => {
    const csv = reportCsv([
      { line: 9, code: 'DUPLICATE_ROW', message: 'the same dossier as line 3', messageVi: 'Trùng hồ sơ với dòng 3' },
      { line: 4, dossierId: 'd-1', code: 'RULE_VIOLATION', rule: 'R-AGE', reason: 'UNDER_AGE', event: 'CellAdmissionVoteHeld 2024-01-02', message: 'On 2024-01-02, "17"', messageVi: 'x, y' },
    ]);
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFline,dossier_id,code,rule,reason,field,event,message,message_vi',
      '4,d-1,RULE_VIOLATION,R-AGE,UNDER_AGE,,CellAdmissionVoteHeld 2024-01-02,"On 2024-01-02, ""17""","x, y"',
      '9,,DUPLICATE_ROW,,,,,the same dossier as line 3,Trùng hồ sơ với dòng 3',
      '',
    ]);
  });
});
