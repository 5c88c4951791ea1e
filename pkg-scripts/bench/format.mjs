// Statistics, markdown rendering and run context for the benchmarks.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

export function median(values) {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function formatMs(ms) {
  if (!Number.isFinite(ms)) return '—';
  if (ms === 0) return '0';
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(3);
}

export function formatKiB(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export function formatRatio(value, baseline) {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline <= 0) return '—';
  const ratio = value / baseline;
  const digits = ratio >= 10 ? 0 : ratio >= 0.95 ? 1 : 2;
  return `${ratio.toFixed(digits)}×`;
}

/** `value / baseline` to two significant digits at any magnitude: `0.0016×`, `0.25×`, `3.4×`, `34×`. */
export function formatRatioSignificant(value, baseline) {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline <= 0) return '—';
  const ratio = value / baseline;
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toPrecision(2)}×`;
}

/** A markdown table with padded columns; cells are strings (a `|` in a cell is escaped). */
export function table(headers, bodyRows) {
  const rows = bodyRows.map((row) => row.map((cell) => cell.replaceAll('|', '\\|')));
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * Rows "peer / baseline" for a table of numeric measurements: `entries` is a list of
 * { name, values } (values aligned with the table's numeric columns); `leading` is the number
 * of non-numeric columns before them (filled with the ratio's name and blanks).
 */
export function ratioRows(entries, leading = 1) {
  const [baseline, ...peers] = entries;
  return peers.map((peer) => [
    `${peer.name} / ${baseline.name}`,
    ...Array(leading - 1).fill(''),
    ...peer.values.map((v, i) => formatRatio(v, baseline.values[i])),
  ]);
}

/** Replaces the text between the markers in `document` (or appends it with its markers). */
export function replaceSection(document, startMarker, endMarker, body) {
  const section = `${startMarker}\n${body.trim()}\n${endMarker}`;
  const start = document.indexOf(startMarker);
  const end = document.indexOf(endMarker);
  if (start !== -1 && end > start) {
    return document.slice(0, start) + section + document.slice(end + endMarker.length);
  }
  return `${document.trimEnd()}\n\n${section}\n`.trimStart();
}

// ---------------------------------------------------------------------------------------------
// Run context and transferred sizes

/** "<cores> × <CPU model>, <n> GiB RAM", for a report's header. */
export function machineDescription() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? 'unknown CPU';
  return `${availableParallelism()} × ${model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM`;
}

/** `git describe --always --dirty` of the repository at `dir`, or "no commit yet". */
export function gitDescription(dir) {
  try {
    return execFileSync('git', ['-C', dir, 'describe', '--always', '--dirty'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'no commit yet';
  }
}

/**
 * Bytes a page downloads for `files`: { raw, gzip, brotli }, each file compressed on its own
 * (gzip level 9, brotli quality 11), then summed.
 */
export function compressedSizes(files) {
  const totals = { raw: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const bytes = readFileSync(file);
    totals.raw += bytes.length;
    totals.gzip += gzipSync(bytes, { level: 9 }).length;
    totals.brotli += brotliCompressSync(bytes, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: 11,
        [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length;
  }
  return totals;
}

/**
 * The size table of a benchmark: one row per library ({ name, files, values: [raw, gzip,
 * brotli] } in bytes), then each peer's ratio to the first entry.
 */
export function sizeTable(entries) {
  return table(
    ['library', 'files', 'raw', 'gzip', 'brotli'],
    [
      ...entries.map((e) => [e.name, e.files, ...e.values.map(formatKiB)]),
      ...entries.slice(1).map((e) => [
        `${e.name} / ${entries[0].name}`,
        '',
        ...e.values.map((v, i) => formatRatioSignificant(v, entries[0].values[i])),
      ]),
    ],
  );
}
