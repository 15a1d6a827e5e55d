#!/usr/bin/env python3
"""Writes the app's icons into assets/icons/ from one drawing: the SVG and its PNGs.

The drawing (an opening quotation mark over a highlighted line, on the accent colour of
styles/tokens.css) is a few circles, rounded rectangles and triangles. The SVG writes them as
elements; the PNGs are rasterised here, with signed distances for anti-aliasing, and written
with zlib, so no imaging library or browser is needed. Run it after changing the drawing and
commit its output: `python3 scripts/make_icons.py`. Its output is the same on every run.

  icon.svg              the drawing with rounded corners (favicon, manifest "any")
  icon-192.png, -512    the same, rasterised (manifest "any")
  icon-maskable-512.png full-bleed background, drawing inside the 80 % safe zone (manifest "maskable")
  apple-touch-icon.png  180 px, full-bleed (iOS rounds the corners itself)
"""
import math
import pathlib
import struct
import zlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "assets" / "icons"

ACCENT = "#2b5fad"      # --accent
HIGHLIGHT = "#ffc400"   # the selection highlight, opaque (--hl-selected)
MARK = "#ffffff"
INK = "#1f2328"      # --text

SIZE = 512  # the drawing's units


def bezier(p0, p1, p2, steps=12):
    """Points of a quadratic Bézier curve, without its first point."""
    return [((1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t * t * p2[0],
             (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t * t * p2[1])
            for t in (i / steps for i in range(1, steps + 1))]


def quote_glyph(cx, cy, r):
    """One '6'-shaped half of an opening quotation mark: a ball, and a tail that rises from its
    left side and bends to the right."""
    start, tip, back = (cx - r, cy), (cx + 0.55 * r, cy - 2.25 * r), (cx + 0.35 * r, cy - 0.94 * r)
    tail = [start] + bezier(start, (cx - r, cy - 1.7 * r), tip) + bezier(tip, (cx - 0.15 * r, cy - 1.55 * r), back)
    return [("circle", (cx, cy, r), MARK), ("polygon", tuple(tail), MARK)]


def drawing(full_bleed, scale):
    """The shapes, in order, in 512 units. `scale` shrinks the motif about the centre."""
    c = SIZE / 2

    def s(v):
        return c + (v - c) * scale

    shapes = [("rect", (0, 0, SIZE, SIZE, 0 if full_bleed else 112), ACCENT)]
    # The quotation mark, then a highlighted line of text and a plain one under it.
    motif = quote_glyph(196, 218, 46) + quote_glyph(316, 218, 46)
    motif += [("rect", (96, 296, 416, 356, 12), HIGHLIGHT), ("rect", (124, 316, 388, 336, 10), INK),
              ("rect", (124, 384, 320, 404, 10), MARK)]
    for kind, p, colour in motif:
        if kind == "rect":
            x0, y0, x1, y1, rr = p
            p = (s(x0), s(y0), s(x1), s(y1), rr * scale)
        elif kind == "circle":
            p = (s(p[0]), s(p[1]), p[2] * scale)
        else:
            p = tuple((s(x), s(y)) for x, y in p)
        shapes.append((kind, p, colour))
    return shapes


def svg(shapes):
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}">']
    for kind, p, colour in shapes:
        if kind == "rect":
            x0, y0, x1, y1, rr = p
            out.append(f'<rect x="{x0:g}" y="{y0:g}" width="{x1 - x0:g}" height="{y1 - y0:g}" rx="{rr:g}" fill="{colour}"/>')
        elif kind == "circle":
            out.append(f'<circle cx="{p[0]:g}" cy="{p[1]:g}" r="{p[2]:g}" fill="{colour}"/>')
        else:
            pts = " ".join(f"{x:.2f},{y:.2f}" for x, y in p)
            out.append(f'<polygon points="{pts}" fill="{colour}"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# Signed distances (negative inside), in drawing units.
def sd_rect(px, py, x0, y0, x1, y1, rr):
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    hx, hy = (x1 - x0) / 2 - rr, (y1 - y0) / 2 - rr
    qx, qy = abs(px - cx) - hx, abs(py - cy) - hy
    outside = math.hypot(max(qx, 0), max(qy, 0))
    return outside + min(max(qx, qy), 0) - rr


def sd_circle(px, py, cx, cy, r):
    return math.hypot(px - cx, py - cy) - r


def sd_polygon(px, py, pts):
    d = float("inf")
    inside = False
    n = len(pts)
    for i in range(n):
        ax, ay = pts[i]
        bx, by = pts[(i + 1) % n]
        ex, ey = bx - ax, by - ay
        wx, wy = px - ax, py - ay
        t = max(0.0, min(1.0, (wx * ex + wy * ey) / (ex * ex + ey * ey)))
        d = min(d, math.hypot(wx - ex * t, wy - ey * t))
        if (ay > py) != (by > py) and px < ax + (py - ay) * ex / ey:
            inside = not inside
    return -d if inside else d


def rgb(hex_colour):
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def raster(shapes, px_size):
    unit = SIZE / px_size  # drawing units per pixel
    rows = []
    for y in range(px_size):
        row = bytearray()
        py = (y + 0.5) * unit
        for x in range(px_size):
            pxx = (x + 0.5) * unit
            r = g = b = a = 0.0  # premultiplied
            for kind, p, colour in shapes:
                if kind == "rect":
                    d = sd_rect(pxx, py, *p)
                elif kind == "circle":
                    d = sd_circle(pxx, py, *p)
                else:
                    d = sd_polygon(pxx, py, p)
                cov = max(0.0, min(1.0, 0.5 - d / unit))
                if cov == 0.0:
                    continue
                cr, cg, cb = rgb(colour)
                r, g, b = cr * cov + r * (1 - cov), cg * cov + g * (1 - cov), cb * cov + b * (1 - cov)
                a = cov + a * (1 - cov)
            if a > 0:
                row += bytes((round(r / a), round(g / a), round(b / a), round(a * 255)))
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return rows


def png(rows, px_size):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", px_size, px_size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rounded = drawing(full_bleed=False, scale=1.0)
    (OUT / "icon.svg").write_text(svg(rounded), encoding="utf-8")
    outputs = [
        ("icon-192.png", rounded, 192),
        ("icon-512.png", rounded, 512),
        ("icon-maskable-512.png", drawing(full_bleed=True, scale=0.8), 512),
        ("apple-touch-icon.png", drawing(full_bleed=True, scale=0.9), 180),
    ]
    for name, shapes, px_size in outputs:
        (OUT / name).write_bytes(png(raster(shapes, px_size), px_size))
    print(f"wrote {OUT}: icon.svg, " + ", ".join(name for name, _, _ in outputs))


if __name__ == "__main__":
    main()
