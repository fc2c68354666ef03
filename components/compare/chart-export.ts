/**
 * A chart as a standalone SVG or PNG file: the recharts SVG with a title and a
 * legend drawn into it (recharts' own legend is HTML, which an SVG file cannot
 * carry), on a white background.
 */

export interface ChartFileInput {
  /** `outerHTML` of the chart's `<svg>`. */
  svg: string;
  width: number;
  height: number;
  title: string;
  subtitle?: string;
  legend: { label: string; color: string }[];
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);

const TITLE_H = 28;
const LEGEND_ROW_H = 18;
const FONT = "ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/** Legend entries laid out left to right, wrapping at `width`. */
function legendLayout(legend: ChartFileInput["legend"], width: number) {
  const placed: { x: number; y: number; label: string; color: string }[] = [];
  let x = 12;
  let y = 0;
  for (const e of legend) {
    const w = 22 + e.label.length * 6.5 + 14;
    if (x + w > width && x > 12) {
      x = 12;
      y += LEGEND_ROW_H;
    }
    placed.push({ x, y, ...e });
    x += w;
  }
  return { placed, height: legend.length ? y + LEGEND_ROW_H + 8 : 0 };
}

/** The standalone SVG document. The chart's own `<svg>` is nested, moved below the title. */
export function composeChartSvg({ svg, width, height, title, subtitle, legend }: ChartFileInput): string {
  const w = Math.round(width);
  const h = Math.round(height);
  const { placed, height: legendH } = legendLayout(legend, w);
  const total = TITLE_H + h + legendH;
  const inner = svg.replace(/^<svg\b([^>]*)>/, (_, attrs: string) => {
    const kept = attrs.replace(/\s(?:x|y|width|height|style|class)="[^"]*"/g, "");
    return `<svg${kept} x="0" y="${TITLE_H}" width="${w}" height="${h}">`;
  });
  const legendSvg = placed
    .map(
      (e) =>
        `<g transform="translate(${e.x.toFixed(1)},${TITLE_H + h + 4 + e.y})"><rect width="14" height="3" y="5" rx="1.5" fill="${escapeXml(e.color)}"/>` +
        `<text x="20" y="10" font-size="11" fill="#334155">${escapeXml(e.label)}</text></g>`,
    )
    .join("");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${total}" viewBox="0 0 ${w} ${total}" font-family="${FONT}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    `<text x="12" y="19" font-size="13" font-weight="600" fill="#0f172a">${escapeXml(title)}` +
    (subtitle ? `<tspan font-weight="400" fill="#64748b" dx="8">${escapeXml(subtitle)}</tspan>` : "") +
    `</text>${inner}${legendSvg}</svg>\n`
  );
}

/** A file-name-safe slug: `swe_verified Avg@3` → `swe_verified-avg-3`. */
export function fileSlug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9_]+/g, "-").replace(/^-+|-+$/g, "") || "chart";
}

/** Saves a blob under a file name through a temporary link (what Playwright sees as a download). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Renders the SVG document onto a canvas at `scale` × and returns it as a PNG. */
export async function svgToPng(svgDoc: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgDoc], { type: "image/svg+xml;charset=utf-8" }));
  try {
    const img = new Image();
    img.decoding = "async";
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error("The chart could not be rendered as an image."));
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("This browser has no 2D canvas.");
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed."))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The size a composed SVG declares (for the PNG canvas). */
export function svgDocSize(svgDoc: string): { width: number; height: number } {
  const m = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svgDoc);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : { width: 640, height: 360 };
}
