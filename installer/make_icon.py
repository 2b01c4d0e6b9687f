"""Draw the application icon with QPainter and write it as a Windows .ico (and a .png).

    python installer/make_icon.py build/installer        # → songmay.ico, songmay.png

A laptop under three signal waves ("Sóng và máy tính": waves and a computer), white on a blue
rounded square. Drawn at each size rather than scaled, so 16 px stays legible. The .ico holds
PNG images (Windows Vista and later read them); no Pillow needed. Nothing binary is committed:
the build scripts make it.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256)
BLUE_TOP, BLUE_BOTTOM = "#1e88e5", "#0d47a1"


def draw(size: int) -> bytes:
    """One PNG image of the icon, ``size`` pixels square."""
    from PySide6.QtCore import (  # noqa: TID251 - a build tool, not the application
        QBuffer,
        QByteArray,
        QIODevice,
        QPointF,
        QRectF,
        Qt,
    )
    from PySide6.QtGui import (  # noqa: TID251
        QBrush,
        QColor,
        QImage,
        QLinearGradient,
        QPainter,
        QPen,
    )

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(0, s))
    gradient.setColorAt(0, QColor(BLUE_TOP))
    gradient.setColorAt(1, QColor(BLUE_BOTTOM))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(gradient))
    painter.drawRoundedRect(QRectF(0, 0, s, s), s * 0.18, s * 0.18)

    white = QColor("white")
    # The laptop: a screen and a wider base.
    line = max(1.0, s * 0.06)
    painter.setPen(QPen(white, line, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin))  # fmt: skip
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(QRectF(s * 0.25, s * 0.52, s * 0.50, s * 0.26), s * 0.03, s * 0.03)
    painter.setBrush(white)
    painter.drawRoundedRect(QRectF(s * 0.14, s * 0.80, s * 0.72, s * 0.07), s * 0.03, s * 0.03)
    # The waves above it: three arcs around one point (one or two at the smallest sizes).
    painter.setBrush(Qt.BrushStyle.NoBrush)
    centre = QPointF(s * 0.5, s * 0.46)
    radii = (0.10, 0.20, 0.30) if size >= 32 else (0.14, 0.28)
    for radius in radii:
        r = s * radius
        painter.drawArc(QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r), 45 * 16, 90 * 16)
    painter.end()

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO file holding PNG images: ICONDIR, one ICONDIRENTRY each, then the PNGs."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0] if args else "build/installer")
    target.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication  # noqa: TID251 - a build tool

    app = QGuiApplication.instance() or QGuiApplication(["make_icon"])
    images = {size: draw(size) for size in SIZES}
    (target / "songmay.ico").write_bytes(ico(images))
    (target / "songmay.png").write_bytes(images[256])
    del app
    print(target / "songmay.ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
