"""Draws the app icon with QPainter and writes resources/icons/workbench.{png,ico,icns}.

The motif is an attention map: a 4 x 4 grid of cells on a dark rounded square, bright along the diagonal and on a
few off-diagonal cells, in the viridis colours the Inspect page uses. ICO and ICNS both embed PNG images, so no
image library beyond Qt is needed. Run it again after changing the drawing:

    QT_QPA_PLATFORM=offscreen python .ci/make_icon.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QLinearGradient, QPainter

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
# Attention weights of the 4 x 4 motif (rows: queries, columns: keys); each row sums to 1 like real attention.
WEIGHTS = (
    (0.70, 0.10, 0.10, 0.10),
    (0.15, 0.55, 0.05, 0.25),
    (0.05, 0.45, 0.45, 0.05),
    (0.10, 0.05, 0.15, 0.70),
)
VIRIDIS = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")


def _viridis(t: float) -> QColor:
    t = min(1.0, max(0.0, t)) * (len(VIRIDIS) - 1)
    i = min(int(t), len(VIRIDIS) - 2)
    a, b, f = QColor(VIRIDIS[i]), QColor(VIRIDIS[i + 1]), t - i
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * f,
        a.greenF() + (b.greenF() - a.greenF()) * f,
        a.blueF() + (b.blueF() - a.blueF()) * f,
    )


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    margin = s * 0.04
    back = QRectF(margin, margin, s - 2 * margin, s - 2 * margin)
    gradient = QLinearGradient(0, 0, 0, s)
    gradient.setColorAt(0.0, QColor("#1f2233"))
    gradient.setColorAt(1.0, QColor("#0d0e17"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(gradient)
    p.drawRoundedRect(back, s * 0.2, s * 0.2)
    n = len(WEIGHTS)
    grid = back.adjusted(s * 0.14, s * 0.14, -s * 0.14, -s * 0.14)
    gap = grid.width() * (0.06 if size >= 32 else 0.0)  # tiny sizes: no gaps, or the cells turn to mush
    cell = (grid.width() - gap * (n - 1)) / n
    for r, row in enumerate(WEIGHTS):
        for c, w in enumerate(row):
            rect = QRectF(grid.left() + c * (cell + gap), grid.top() + r * (cell + gap), cell, cell)
            p.setBrush(_viridis(0.12 + 0.88 * w / 0.7))  # the weakest cells stay visible on the dark ground
            p.drawRoundedRect(rect, cell * 0.18, cell * 0.18)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """A Windows .ico whose entries are PNG images (Windows Vista and later read these)."""
    head = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in sorted(images.items()):
        dim = 0 if size >= 256 else size  # 0 means 256 in the directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset + len(blobs))
        blobs += blob
    return head + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    """A macOS .icns with PNG entries (icp4 16 px … ic10 1024 px)."""
    kinds = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09", 1024: b"ic10"}
    body = b"".join(kinds[s] + struct.pack(">I", 8 + len(b)) + b for s, b in sorted(images.items()) if s in kinds)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    pngs = {size: png_bytes(draw(size)) for size in (16, 24, 32, 48, 64, 128, 256, 512, 1024)}
    (OUT / "workbench.png").write_bytes(pngs[256])
    (OUT / "workbench.ico").write_bytes(ico({s: pngs[s] for s in (16, 24, 32, 48, 64, 128, 256)}))
    (OUT / "workbench.icns").write_bytes(icns({s: pngs[s] for s in (16, 32, 64, 128, 256, 512, 1024)}))
    del app
    print(f"wrote {', '.join(sorted(p.name for p in OUT.iterdir()))} in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
