"""py3langid's language model, loaded in milliseconds instead of half a second.

py3langid ships its model as an LZMA-compressed npz (4.5 MB, 68 MB unpacked): every process that
identifies a language unpacks it again, 0.36 s of CPU (more on a loaded machine), which was a
third of ``cleancrawl clean`` of one page. ``load_identifier()`` unpacks it once into a cache
folder (one ``.npy`` file per array, written to a temporary folder and renamed into place, so a
reader never sees half of it) and from then on maps those files (``numpy.load(mmap_mode="r")``):
the arrays are the model's own, so every language found is the same; processes share the pages.

The cache is named by py3langid's version and the model file's size and modification time, so an
upgraded model is unpacked afresh. Where it lives: ``$CLEANCRAWL_CACHE_DIR``, else
``$XDG_CACHE_HOME/cleancrawl``, else ``~/.cache/cleancrawl``; ``CLEANCRAWL_CACHE_DIR=off`` (or a
folder that cannot be written) loads the model from py3langid as before, every time.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from array import array
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

LOGGER = logging.getLogger(__name__)

# The arrays of py3langid's model file (py3langid.modelio.load_model reads these keys).
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_TYPECODES = {2: "H", 4: "I", 8: "L"}
# What numpy raises for a cached array file cut short or overwritten.
_DAMAGED = (ValueError, KeyError, EOFError)


def cache_root() -> Path | None:
    """The folder for cleancrawl's caches, or None when caching is switched off."""
    configured = os.environ.get("CLEANCRAWL_CACHE_DIR", "")
    if configured.lower() == "off":
        return None
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg:
        return Path(xdg) / "cleancrawl"
    home = os.path.expanduser("~")
    if not os.path.isabs(home):  # no HOME and no password entry: no cache, not one in the cwd
        return None
    return Path(home) / ".cache" / "cleancrawl"


def _model_path() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR) / MODEL_FILE


def cache_folder(model: Path, root: Path) -> Path:
    """Where the unpacked arrays of ``model`` go: named by py3langid's version and the model's size
    and modification time, so a changed model never reads arrays of another."""
    try:
        package = version("py3langid")
    except PackageNotFoundError:
        package = "unknown"
    stat = model.stat()
    return root / f"py3langid-{package}-{stat.st_size}-{stat.st_mtime_ns}"


def _unpack(model: Path, folder: Path) -> None:
    """Write the model's arrays into ``folder``, atomically: all of them or none."""
    import lzma

    import numpy as np

    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=folder.parent))
    try:
        with tempfile.TemporaryFile(dir=scratch) as npz:
            with lzma.open(model) as packed:
                shutil.copyfileobj(packed, npz, length=1 << 20)
            npz.seek(0)
            with np.load(npz, allow_pickle=False) as data:
                for name in _ARRAYS:
                    np.save(scratch / f"{name}.npy", data[name], allow_pickle=False)
        try:
            scratch.rename(folder)
        except OSError:  # another process got there first: its copy is as good
            if not (folder / "out_feat.npy").exists():
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _to_array(values: Any) -> array:
    """A numpy unsigned integer array as a stdlib array (what py3langid's DFA walk indexes fast)."""
    import numpy as np

    out = array(_TYPECODES[values.dtype.itemsize])
    out.frombytes(memoryview(np.ascontiguousarray(values)).cast("B"))
    return out


def _from_folder(folder: Path, norm_probs: bool) -> Any:
    """The identifier from unpacked arrays, as ``LanguageIdentifier.from_model_file`` builds it."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    data = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS}
    return LanguageIdentifier(
        data["ptc"],
        np.asarray(data["pc"]),
        data["classes"].tolist(),
        _to_array(data["nextmove"]),
        data["out_feat"].tolist(),
        norm_probs=norm_probs,
        tk_row=_to_array(data["nextmove_row"]),
    )


def load_identifier(norm_probs: bool = True) -> Any:
    """py3langid's ``LanguageIdentifier`` for its bundled model, from the unpacked cache when there
    is one (made on first use), else from the model file. Raises OSError only as py3langid would."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    root = cache_root()
    if root is not None:
        try:
            return _cached_identifier(root, norm_probs)
        except (OSError, *_DAMAGED) as err:  # no room, a read-only folder, a copy that stays damaged
            LOGGER.debug("language model cache in %s not used: %s", root, err)
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=norm_probs)


def _cached_identifier(root: Path, norm_probs: bool) -> Any:
    """The identifier from the cache under ``root``, unpacked first if need be; a damaged copy (a
    file cut short by a full disk) is unpacked again."""
    model = _model_path()
    folder = cache_folder(model, root)
    if (folder / "out_feat.npy").exists():
        try:
            return _from_folder(folder, norm_probs)
        except _DAMAGED as err:
            LOGGER.debug("language model cache %s is damaged (%s): unpacking it again", folder, err)
            shutil.rmtree(folder, ignore_errors=True)
    _unpack(model, folder)
    return _from_folder(folder, norm_probs)
