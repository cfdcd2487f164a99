"""Build stage only: slim the image's virtualenv without dropping anything the bot runs.

``python deploy/slim_venv.py VENV --own bot --own adapters`` (see the Dockerfile), after
``pip install --no-compile`` and ``pip uninstall pip setuptools``.  In order:

1. checks that no installer is left (pip, setuptools, wheel): the final stage has none;
2. removes what never runs: the test suites packages ship (``tornado/test``...), C/Cython
   sources, type stubs, PyInstaller hooks, Pillow's AVIF, WebP and Tk modules (careerbot draws
   PNGs only), discord.py's Windows-only voice DLLs and tornado's
   optional C speed-up, which only masks websocket frames and XSRF tokens (PTB's webhook server
   uses neither; tornado falls back to Python by itself) and is what kept tornado out of the zip;
3. strips the debug symbols from the compiled extension modules (``strip --strip-unneeded``,
   binutils of the build stage; most of them ship unstripped);
4. packs every third-party package made only of Python files into one zip archive on
   ``sys.path`` (``careerbot-deps.zip``, through a ``.pth`` file): the sources and their
   bytecode (unchecked-hash .pyc, compiled here for the interpreter of the image) stored
   compressed.  Python imports straight from it (zipimport), tracebacks still show the
   source lines, and no file is lost;
5. compiles what stays on disk (careerbot's own packages, the packages with native code)
   into ``__pycache__`` (checked-hash .pyc: valid whatever the file times), since the image
   is read-only and Python would otherwise compile them at every start.

It prints what each step saved.  Standard library only.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import py_compile
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

INSTALLERS = ("pip", "setuptools", "wheel", "pkg_resources", "_distutils_hack")
NEVER_RUN_DIRS = ("tests", "test", "__pyinstaller")
NEVER_RUN_SUFFIXES = (".pyx", ".pxd", ".pxi", ".c", ".h", ".pyi")
NEVER_RUN_PATHS = (
    "discord/bin",
    "distutils-precedence.pth",
    "tornado/speedups*.so",
    # rapidfuzz's AVX2 builds duplicate its generic ones, which it imports when they are missing
    # (5.1 MB; fuzzy matching measured about 1.1x slower on the 100x content).
    "rapidfuzz/*_avx2*.so",
    "rapidfuzz/distance/*_avx2*.so",
    "babel/messages",  # gettext catalog tools: careerbot's phrases are YAML
    # Pillow draws PNGs only (adapters/pictures/draw.py): its AVIF and WebP codecs and their
    # libraries (about 6 MB), and its Tk bridge, never load; Pillow reports those formats as
    # unsupported when they are missing.  The smoke test draws a chart in the image.
    "PIL/_avif*.so",
    "pillow.libs/libavif-*",
    "PIL/_webp*.so",
    "pillow.libs/libwebp*",
    "pillow.libs/libsharpyuv-*",
    "PIL/_imagingtk*.so",
)
ARCHIVE = "careerbot-deps.zip"


def size(path: Path) -> int:
    """Bytes under ``path`` (a file or a folder)."""
    if path.is_file() or path.is_symlink():
        return path.lstat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def site_packages(venv: Path) -> Path:
    """The venv's only site-packages folder."""
    found = sorted(venv.glob("lib/python3*/site-packages"))
    if len(found) != 1:
        sys.exit(f"slim_venv: expected one site-packages under {venv}, found {found}")
    return found[0]


def top_level_names(site: Path) -> dict[str, Path]:
    """Top-level importable packages and modules: name -> path."""
    names: dict[str, Path] = {}
    for path in sorted(site.iterdir()):
        if path.name.endswith((".dist-info", ".libs")) or path.name == "__pycache__":
            continue
        if path.is_dir():
            names[path.name] = path
        elif path.suffix == ".py":
            names[path.stem] = path
    return names


def check_no_installers(site: Path) -> None:
    """Fail when pip, setuptools or wheel survived the uninstall."""
    left = [p.name for p in site.iterdir() if p.name.split("-")[0].lower() in INSTALLERS]
    if left:
        sys.exit(f"slim_venv: installers left in the final virtualenv: {left}")


def remove_never_run(site: Path, own: set[str]) -> int:
    """Test suites, C/Cython sources, stubs and Windows DLLs of third-party packages."""
    saved = 0
    removed: list[str] = []
    doomed: list[Path] = [path for pattern in NEVER_RUN_PATHS for path in sorted(site.glob(pattern))]
    for name, top in top_level_names(site).items():
        if name in own or not top.is_dir():
            continue
        doomed += [p for p in top.rglob("*") if p.is_dir() and p.name in NEVER_RUN_DIRS]
    doomed += [p for p in site.rglob("*") if p.is_file() and p.suffix in NEVER_RUN_SUFFIXES]
    doomed += [p for p in site.rglob("__pycache__") if p.is_dir()]
    for path in doomed:
        if not path.exists():
            continue  # inside a folder removed before
        saved += size(path)
        if path.name != "__pycache__" and path.suffix not in NEVER_RUN_SUFFIXES:
            removed.append(path.relative_to(site).as_posix())
        remove(path)
    print(f"slim_venv: removing {', '.join(removed)} and {NEVER_RUN_SUFFIXES} files")
    return saved


def strip_extensions(site: Path) -> int:
    """``strip --strip-unneeded`` every extension module (keeps the symbols Python needs)."""
    strip = shutil.which("strip")
    if strip is None:
        sys.exit("slim_venv: `strip` is missing (install binutils in the build stage)")
    modules = sorted(p for p in site.rglob("*.so") if p.is_file())
    before = sum(p.stat().st_size for p in modules)
    subprocess.run([strip, "--strip-unneeded", *map(str, modules)], check=True)
    return before - sum(p.stat().st_size for p in modules)


def pure_python(path: Path) -> bool:
    """A regular package (``__init__.py``) of Python files only, or a single module."""
    if path.is_file():
        return path.suffix == ".py"
    if not (path / "__init__.py").is_file():
        return False
    return all(p.suffix == ".py" or p.name == "py.typed" for p in path.rglob("*") if p.is_file())


def remove(path: Path) -> None:
    """Delete a file or a folder."""
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()


def pack(site: Path, own: set[str]) -> tuple[list[str], int, int]:
    """Move the pure-Python third-party packages into one compressed zip on sys.path."""
    archive = site / ARCHIVE
    packed: list[str] = []
    sources = bytecode = 0
    with (
        zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        tempfile.TemporaryDirectory() as scratch,
    ):
        pyc = Path(scratch) / "module.pyc"
        for name, top in top_level_names(site).items():
            if name in own or not pure_python(top):
                continue
            files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
            for path in files:
                arcname = path.relative_to(site).as_posix()
                zf.write(path, arcname)
                sources += path.stat().st_size
                if path.suffix == ".py":
                    # dfile: the path tracebacks show, where zipimport finds the source lines.
                    py_compile.compile(
                        str(path),
                        cfile=str(pyc),
                        dfile=f"{archive}/{arcname}",
                        doraise=True,
                        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
                    )
                    zf.write(pyc, arcname + "c")
                    bytecode += pyc.stat().st_size
            packed.append(name)
            remove(top)
    (site / "careerbot-deps.pth").write_text(f"{ARCHIVE}\n", encoding="utf-8")
    return packed, sources, bytecode


def prune_locale_data(site: Path, languages: set[str]) -> int:
    """Keep Babel's CLDR data only for ``languages`` (and the root they inherit from); returns bytes freed.

    Babel reads one ``.dat`` file per locale (35 MB for about 1,150 locales); careerbot formats
    numbers and plurals only in the languages its content has.  A language added later by
    mounting a ``content/locales/<code>`` folder without rebuilding is formatted the English way.
    """
    data = site / "babel" / "locale-data"
    if not data.is_dir():
        return 0
    freed = 0
    for path in data.glob("*.dat"):
        language = path.stem.split("_")[0]
        if path.stem != "root" and language not in languages:
            freed += path.stat().st_size
            path.unlink()
    return freed


def compile_on_disk(site: Path) -> int:
    """Checked-hash bytecode for every module left as a file; returns its size."""
    total = 0
    for path in sorted(site.rglob("*.py")):
        target = importlib.util.cache_from_source(str(path))
        py_compile.compile(
            str(path),
            cfile=target,
            doraise=True,
            invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH,
        )
        total += os.path.getsize(target)
    return total


def main() -> int:
    """Run the five steps on the virtualenv given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("venv", type=Path)
    parser.add_argument("--own", action="append", default=[], help="careerbot's own packages (kept as files)")
    parser.add_argument(
        "--locales", type=Path, help="content/locales: keep Babel's data for English and these languages"
    )
    args = parser.parse_args()
    site = site_packages(args.venv)
    own = set(args.own)
    mb = 1e6
    start = size(args.venv)
    check_no_installers(site)
    print(f"slim_venv: {args.venv} {start / mb:.1f} MB after install (no pip, setuptools or wheel)")
    print(f"slim_venv: never-run files removed: {remove_never_run(site, own) / mb:.1f} MB")
    print(f"slim_venv: debug symbols stripped: {strip_extensions(site) / mb:.1f} MB")
    languages = {"en"} | ({p.name for p in args.locales.iterdir() if p.is_dir()} if args.locales else set())
    freed = prune_locale_data(site, languages)
    print(f"slim_venv: Babel locale data kept for {', '.join(sorted(languages))}: {freed / mb:.1f} MB freed")
    packed, sources, bytecode = pack(site, own)
    print(
        f"slim_venv: {len(packed)} pure-Python packages ({', '.join(packed)}): "
        f"{sources / mb:.1f} MB of sources and {bytecode / mb:.1f} MB of bytecode "
        f"zipped into {ARCHIVE} ({(site / ARCHIVE).stat().st_size / mb:.1f} MB)"
    )
    print(f"slim_venv: bytecode for the files left on disk: {compile_on_disk(site) / mb:.1f} MB")
    print(f"slim_venv: {args.venv} {size(args.venv) / mb:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
