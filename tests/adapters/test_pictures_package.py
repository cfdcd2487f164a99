"""What ships with the pictures: the fonts in the wheel, and Pillow still drawing once slimmed."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import PIL

from tests.cli import ROOT

FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE")


def test_the_wheel_carries_the_fonts_and_their_licence(tmp_path: Path) -> None:
    """The built wheel holds adapters/pictures/fonts/ (both fonts and the licence), byte for byte."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    wheel = next(tmp_path.glob("careerbot-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        for name in FONTS:
            shipped = ROOT / "adapters" / "pictures" / "fonts" / name
            assert archive.read(f"adapters/pictures/fonts/{name}") == shipped.read_bytes(), name


def test_slimmed_pillow_still_draws_a_png(tmp_path: Path) -> None:
    """deploy/slim_venv.py's pruning, applied to a copy of the installed Pillow, leaves a Pillow
    that imports Image, ImageDraw and ImageFont and draws a chart, while its AVIF and WebP codecs
    are really gone (the image runs the same check with `careerbot chart`)."""
    spec = importlib.util.spec_from_file_location("slim_venv", ROOT / "deploy" / "slim_venv.py")
    assert spec is not None
    assert spec.loader is not None
    slim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(slim)
    installed = Path(PIL.__file__).parent.parent
    site = tmp_path / "site"
    site.mkdir()
    for name in ("PIL", "pillow.libs"):
        if (installed / name).is_dir():
            shutil.copytree(installed / name, site / name)
    before = {p.name for p in site.rglob("*.so*")}
    slim.remove_never_run(site, set())
    after = {p.name for p in site.rglob("*.so*")}
    assert any(n.startswith("_avif") for n in before - after)
    assert any(n.startswith("_webp") for n in before - after)
    code = f"""
import sys
sys.path.insert(0, {str(site)!r})
from PIL import Image, ImageDraw, ImageFont, features
assert Image.__file__.startswith({str(site)!r}), Image.__file__
from adapters.pictures import draw_png
from bot.content.loader import load_catalog
from bot.handlers.charts import salary_chart
png = draw_png(salary_chart(load_catalog({str(ROOT / "tests" / "fixtures" / "catalog")!r})))
assert png.startswith(b"\\x89PNG")
print(features.check("webp"), features.check("avif"), len(png))
"""
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert ran.returncode == 0, ran.stderr[-2000:]
    webp, avif, size = ran.stdout.split()
    assert (webp, avif) == ("False", "False")
    assert int(size) > 1000
