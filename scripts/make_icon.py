"""Draw the application icon (stacked horizontal bars) into resources/icon.png and icon.ico."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

app = QGuiApplication(sys.argv)
size = 256
img = QImage(size, size, QImage.Format.Format_ARGB32)
img.fill(Qt.GlobalColor.transparent)
p = QPainter(img)
p.setRenderHint(QPainter.RenderHint.Antialiasing)
p.setBrush(QColor("#1F2A44"))
p.setPen(Qt.PenStyle.NoPen)
p.drawRoundedRect(QRectF(8, 8, 240, 240), 44, 44)
colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"]
rows = [[70, 45, 40, 25], [55, 50, 30, 20], [40, 35, 30, 15]]
for r, segs in enumerate(rows):
    x = 40.0
    y = 52 + r * 56
    for k, w in enumerate(segs):
        p.setBrush(QColor(colors[k]))
        p.drawRect(QRectF(x, y, w, 36))
        x += w
p.end()
out = Path(__file__).resolve().parents[1] / "resources"
img.save(str(out / "icon.png"))
from PIL import Image  # noqa: E402

Image.open(out / "icon.png").save(out / "icon.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
print("wrote", out / "icon.png", out / "icon.ico")
