// CSV as spreadsheets read it (RFC 4180): a header, CRLF line ends, a cell quoted when it holds a quote,
// comma or line break. A value that is not a string is written as JSON.
export function csvTable(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cell = (value: unknown): string => {
    const text =
      value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((row) => row.map(cell).join(','))].join('\r\n') + '\r\n';
}
