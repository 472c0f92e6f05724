import sharp from "sharp";

/**
 * Demo photos drawn locally (no downloads): a fruit-coloured background, a few simple shapes (a
 * basket of round produce, leaves) and the product's name. Deterministic for a label and hue, so
 * re-seeding produces the same files (and the same content hashes).
 */
function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** Small deterministic generator seeded from the label. */
function seededRandom(label: string) {
  let h = 2166136261;
  for (const ch of label) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return (h >>> 0) / 4294967296;
  };
}

const PLACEHOLDER_WIDTH = 1600;
const PLACEHOLDER_HEIGHT = 1200;

/** A 1600×1200 JPEG for the demo seed. hue: 0–360 (e.g. 45 mango yellow, 120 leaf green, 0 dragon-fruit red). */
export async function generatePlaceholderPhoto(label: string, hue: number): Promise<Buffer> {
  const h = ((Math.round(hue) % 360) + 360) % 360;
  const rand = seededRandom(`${label}|${h}`);
  const W = PLACEHOLDER_WIDTH;
  const H = PLACEHOLDER_HEIGHT;
  const fruits: string[] = [];
  for (let i = 0; i < 9; i++) {
    const cx = 380 + rand() * 840;
    const cy = 560 + rand() * 240;
    const r = 110 + rand() * 60;
    const light = 45 + rand() * 15;
    fruits.push(
      `<ellipse cx="${cx.toFixed(0)}" cy="${cy.toFixed(0)}" rx="${r.toFixed(0)}" ry="${(r * 0.85).toFixed(0)}" fill="hsl(${h},80%,${light.toFixed(0)}%)" stroke="hsl(${h},70%,30%)" stroke-width="4"/>`,
      `<ellipse cx="${(cx - r * 0.35).toFixed(0)}" cy="${(cy - r * 0.35).toFixed(0)}" rx="${(r * 0.25).toFixed(0)}" ry="${(r * 0.15).toFixed(0)}" fill="#fff" opacity="0.35"/>`,
      `<path d="M${cx.toFixed(0)} ${(cy - r * 0.8).toFixed(0)} q 40 -70 110 -60 q -30 60 -110 60z" fill="hsl(110,55%,35%)"/>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${h},60%,88%)"/>
      <stop offset="1" stop-color="hsl(${(h + 30) % 360},45%,70%)"/>
    </linearGradient>
    <radialGradient id="sun" cx="0.8" cy="0.15" r="0.35">
      <stop offset="0" stop-color="#fffbe6" stop-opacity="0.9"/>
      <stop offset="1" stop-color="#fffbe6" stop-opacity="0"/>
    </radialGradient>
  </defs>
  <rect width="${W}" height="${H}" fill="url(#bg)"/>
  <rect width="${W}" height="${H}" fill="url(#sun)"/>
  <path d="M0 ${H * 0.62} C ${W * 0.3} ${H * 0.55}, ${W * 0.7} ${H * 0.7}, ${W} ${H * 0.6} L ${W} ${H} L 0 ${H} Z" fill="hsl(105,40%,45%)" opacity="0.55"/>
  <path d="M300 760 L 1300 760 L 1200 1000 L 400 1000 Z" fill="#a0703c" stroke="#6b4520" stroke-width="10"/>
  <path d="M330 800 L 1270 800 M360 860 L 1245 860 M385 920 L 1220 920" stroke="#6b4520" stroke-width="6"/>
  ${fruits.join("\n  ")}
  <rect x="0" y="${H - 190}" width="${W}" height="190" fill="#000" opacity="0.45"/>
  <text x="${W / 2}" y="${H - 75}" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="84" font-weight="700" fill="#fff" text-anchor="middle">${escapeXml(label)}</text>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85, mozjpeg: true }).toBuffer();
}
