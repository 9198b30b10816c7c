"""The attention heatmaps colour their pictures with one table lookup instead of pyqtgraph's indexed image: the
result must be pyqtgraph's picture, pixel for pixel, for every colour map, level range and axis order."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QImage

from workbench.gui.pages.inspect.attention.heatmap_base import FastImageItem, colormap


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    ptr = image.constBits()
    return (
        np.frombuffer(ptr, dtype=np.uint32, count=image.width() * image.height())
        .reshape(image.height(), image.width())
        .copy()
    )


def _rendered(item: pg.ImageItem) -> QImage:
    item.render()
    assert item.qimage is not None
    return item.qimage


@pytest.mark.parametrize("name", ["viridis", "cividis"])
@pytest.mark.parametrize("levels", [(0.0, 1.0), (0.2, 0.7)])
@pytest.mark.parametrize("order", ["row-major", "col-major"])
def test_fast_colouring_equals_pyqtgraphs(qapp, name: str, levels: tuple[float, float], order: str) -> None:
    rng = np.random.default_rng(0)
    # Values on both sides of the levels, exact table boundaries and the ends, in a non-square picture.
    data = rng.uniform(-0.2, 1.2, size=(37, 53)).astype(np.float32)
    data[0, :9] = [0.0, 1.0, 0.5, 1 / 256, 255 / 256, 0.2, 0.7, -1.0, 2.0]
    fast, plain = FastImageItem(axisOrder=order), pg.ImageItem(axisOrder=order)
    for item in (fast, plain):
        item.setColorMap(colormap(name))
        item.setImage(data, autoLevels=False, levels=levels)
    ours, theirs = _rendered(fast), _rendered(plain)
    assert ours.format() == QImage.Format.Format_ARGB32_Premultiplied  # no indexed image to scale at each paint
    assert theirs.format() == QImage.Format.Format_Indexed8  # pyqtgraph's path, the reference
    assert (ours.width(), ours.height()) == (theirs.width(), theirs.height())
    np.testing.assert_array_equal(_pixels(ours), _pixels(theirs))


def test_a_new_colour_map_recolours_and_nans_take_pyqtgraphs_path(qapp) -> None:
    data = np.linspace(0, 1, 64, dtype=np.float32).reshape(8, 8)
    item = FastImageItem(axisOrder="row-major")
    item.setColorMap(colormap("viridis"))
    item.setImage(data, autoLevels=False, levels=(0, 1))
    viridis = _pixels(_rendered(item))
    item.setColorMap(colormap("cividis"))
    cividis = _pixels(_rendered(item))
    assert (viridis != cividis).mean() > 0.9

    data[3, 4] = np.nan
    item.setImage(data, autoLevels=False, levels=(0, 1))
    pixels = _pixels(_rendered(item))
    assert pixels[3, 4] >> 24 == 0  # transparent, as pyqtgraph draws a NaN
    assert (pixels[0, :4] >> 24 == 0xFF).all()


def test_a_downsampled_map_keeps_a_one_token_line_at_full_colour(qapp, monkeypatch) -> None:
    # A head that attends to the previous token: one value per row, just off the diagonal, at 256 tokens.
    att = np.zeros((256, 256), dtype=np.float32)
    att[np.arange(1, 256), np.arange(0, 255)] = 1.0
    item = FastImageItem(axisOrder="row-major")
    item.setColorMap(colormap("viridis"))
    item.setImage(att, autoLevels=False, levels=(0, 1))
    item.setAutoDownsample(True)
    monkeypatch.setattr(item, "_computeDownsampleFactors", lambda: (4, 4))  # shown a quarter of its size
    pixels = _pixels(_rendered(item))
    assert pixels.shape == (64, 64)  # a quarter of the values in each direction reach Qt
    top = colormap("viridis").map(1.0, mode="qcolor").rgba()
    assert (np.diag(pixels) == top).all()  # every block on the line shows the line's full value
    assert (pixels[np.triu_indices(64, 1)] != top).all()  # and nothing above it does
    # Qt's own scaling would have sampled every 4th row and column: the line falls between the samples.
    assert att[::4, ::4].max() == 0.0


def test_peak_pool_takes_each_blocks_largest_value_ragged_edges_included() -> None:
    from workbench.gui.pages.inspect.attention.heatmap_base import peak_pool

    image = np.arange(35, dtype=np.float32).reshape(5, 7)
    pooled = peak_pool(image, 2, 3)
    assert pooled.shape == (3, 3)
    np.testing.assert_array_equal(pooled, [[9, 12, 13], [23, 26, 27], [30, 33, 34]])
