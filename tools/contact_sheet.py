"""Render every step's illustration into one PNG grid, to check them by eye.

    uv run python tools/contact_sheet.py [-o contact-sheet.png] [--dark]

Each cell shows the picture the catalogue names for a step (read from exercises.json,
drawn through QtSvg as the app draws it) with the exercise name and the step text
beneath it, then the session page's own pictures (end hold, rests). ``--dark`` puts
them on a dark background; ``--mirror`` shows them as for the right side: flipped, or
a step's own right-side picture where it has one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tools.illustrations import RIGHT_SUFFIX, session_pictures  # noqa: E402

CELL_W = 360
CELL_H = 270
TEXT_H = 96
PAD = 14


def _steps(catalogue: Path) -> list[tuple[str, str, str]]:
    """(exercise name, step text, illustration path) for every step, in order."""
    data = json.loads(catalogue.read_text(encoding="utf-8"))
    out = []
    for ex in data["exercises"]:
        steps = list(ex.get("setup", []))
        for movement in ex.get("movements", []):
            steps += movement["steps"]
        out += [(ex["name"], s["text"], s["illustration"]) for s in steps]
    names = {ex["id"]: ex["name"] for ex in data["exercises"]}
    for rel, text in session_pictures().items():
        folder = rel.split("/")[1]
        out.append((names.get(folder, "Session page"), text, rel))
    return out


def render_sheet(
    catalogue: Path, resources: Path, out: Path, dark: bool, columns: int, mirror: bool
) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QTransform
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    steps = _steps(catalogue)
    rows = (len(steps) + columns - 1) // columns
    width = columns * (CELL_W + PAD) + PAD
    height = rows * (CELL_H + TEXT_H + PAD) + PAD
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    background = QColor("#1E2228") if dark else QColor("#FAFAF7")
    ink = QColor("#E6E8EB") if dark else QColor("#22262B")
    image.fill(background)

    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    title_font = QFont()
    title_font.setPixelSize(14)
    title_font.setBold(True)
    text_font = QFont()
    text_font.setPixelSize(12)
    problems = 0
    for i, (name, text, rel) in enumerate(steps):
        col, row = i % columns, i // columns
        x = PAD + col * (CELL_W + PAD)
        y = PAD + row * (CELL_H + TEXT_H + PAD)
        cell = QRectF(x, y, CELL_W, CELL_H)
        painter.setPen(QColor("#3A4048") if dark else QColor("#DADCE0"))
        painter.drawRect(cell)
        flip = mirror
        right = resources / rel.removesuffix(".svg")
        right = right.with_name(right.name + RIGHT_SUFFIX)
        if mirror and right.is_file():
            renderer, flip = QSvgRenderer(str(right)), False
        else:
            renderer = QSvgRenderer(str(resources / rel))
        if not renderer.isValid():
            problems += 1
            painter.setPen(QColor("#D03030"))
            painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, f"missing: {rel}")
        else:
            painter.save()
            if flip:
                painter.setTransform(QTransform(-1, 0, 0, 1, 2 * x + CELL_W, 0), combine=True)
            renderer.render(painter, cell)
            painter.restore()
        painter.setPen(ink)
        painter.setFont(title_font)
        painter.drawText(QRectF(x, y + CELL_H + 4, CELL_W, 18), Qt.AlignmentFlag.AlignLeft, name)
        painter.setFont(text_font)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(QRectF(x, y + CELL_H + 24, CELL_W, TEXT_H - 26), flags, text)
    painter.end()
    if not image.save(str(out)):
        print(f"could not write {out}", file=sys.stderr)
        return 1
    del app
    print(f"wrote {out} ({len(steps)} pictures)")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=Path("contact-sheet.png"))
    parser.add_argument("--dark", action="store_true", help="draw on a dark background")
    parser.add_argument("--mirror", action="store_true", help="flip as for the right side")
    parser.add_argument("--columns", type=int, default=4)
    parser.add_argument("--catalogue", type=Path, default=REPO / "exercises.json")
    parser.add_argument("--resources", type=Path, default=REPO / "resources")
    args = parser.parse_args(argv)
    return render_sheet(
        args.catalogue, args.resources, args.output, args.dark, args.columns, args.mirror
    )


if __name__ == "__main__":
    sys.exit(main())
