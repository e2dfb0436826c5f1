/** One sample from the server's /api/metrics, by its full series name (labels included); undefined if absent. */
export async function readMetric(url: string, series: string): Promise<number | undefined> {
  const text = await (await fetch(`${url}/api/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
