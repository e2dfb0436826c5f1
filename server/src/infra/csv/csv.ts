// CSV as spreadsheets read it (RFC 4180): a header, CRLF line ends, a cell quoted when it holds a quote,
// comma or line break. A value that is not a string is written as JSON. A text that a spreadsheet would
// run as a formula (it starts with =, +, -, @, a tab or a carriage return) is written with a leading
// apostrophe, so an exported device name or audit detail can never execute in the reader's spreadsheet.
export function csvTable(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return csvHeader(columns) + csvRows(rows);
}

export function csvHeader(columns: readonly string[]): string {
  return columns.map(csvCell).join(',') + '\r\n';
}

export function csvRows(rows: readonly (readonly unknown[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) {
    text = '';
  } else if (typeof value === 'string') {
    text = FORMULA_START.test(value) ? `'${value}` : value;
  } else {
    text = JSON.stringify(value);
  }
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
