"""Pictures a hostile user catalogue may bring: they draw (or are refused), nothing else.

QtSvg (the renderer the window uses) neither runs scripts nor fetches or reads
anything an SVG points at, and does not expand XML entities; a picture above the
size limit is not handed to it at all.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from easeback.core.catalogue import MAX_SVG_BYTES, Step

ENTITIES = "".join(
    f'<!ENTITY e{i} "{"&e" + str(i - 1) + ";" * 10 if i else "ha"}">' for i in range(10)
)
HOSTILE = {
    "billion-laughs": f'<?xml version="1.0"?><!DOCTYPE svg [{ENTITIES}]>'
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&e9;</text></svg>',
    "script": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    "<script>while(true){}</script><rect width='5' height='5'/></svg>",
    "external-image": '<svg xmlns="http://www.w3.org/2000/svg" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
    '<image xlink:href="file:///etc/shadow" width="10" height="10"/>'
    '<image xlink:href="http://192.0.2.1/x.png" width="10" height="10"/></svg>',
    "external-entity": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM '
    '"file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
    "huge-canvas": '<svg xmlns="http://www.w3.org/2000/svg" width="100000000" '
    'height="100000000"><rect width="100000000" height="100000000"/></svg>',
    "deep-groups": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    + "<g>" * 20_000
    + "</g>" * 20_000
    + "</svg>",
}


@pytest.mark.qt_log_ignore("Cannot read file", "Could not resolve", "Could not create", "Invalid")
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_svg_is_drawn_into_a_bounded_image_or_refused(qapp, tmp_path, name):
    path = tmp_path / f"{name}.svg"
    path.write_text(HOSTILE[name], encoding="utf-8")
    found = Step("s", "t", path.name, base_dir=tmp_path).illustration_path()
    assert found == path
    renderer = QSvgRenderer(str(found))
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    assert image.size().width() == 64  # drawn into the widget's size, not the file's
    if name == "external-entity":
        assert b"root:" not in bytes(image.constBits())  # nothing was read from the file


def test_an_svg_above_the_limit_never_reaches_the_renderer(tmp_path):
    path = tmp_path / "big.svg"
    path.write_bytes(b"<svg>" + b"<g/>" * (MAX_SVG_BYTES // 4) + b"</svg>")
    assert Step("s", "t", path.name, base_dir=tmp_path).illustration_path() is None
