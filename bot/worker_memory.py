"""A web worker's memory once its app is loaded (issue 17: a worker under 150 MB).

``settle()`` is what gunicorn.conf.py's ``post_worker_init`` runs after the app is built (packs, flows, texts, the
model): one full collection, then everything made so far leaves the collector's generations (``gc.freeze``: a
later full collection does not walk it again, bench/README.md session 11), then the C allocator gives back to the
system what the start-up freed (glibc's ``malloc_trim``: the YAML read, the word lists' and patterns' working
copies, the model's loading arrays leave free pages at the top and in the middle of the heap that glibc keeps
otherwise), and the request threads started after it share the arenas there are (``mallopt(M_ARENA_MAX, 1)``:
by default each of gunicorn's threads made a malloc arena of its own, 1-2 MB each with their free pages, 2.6-4.8 MB
a worker under the bench's load, session 18). Nothing the app uses is dropped; on a C library without
``malloc_trim``/``mallopt`` (musl, macOS) those steps are skipped. bench/memory.py measures it.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc


M_ARENA_MAX = -8  # glibc's mallopt parameter: how many malloc arenas the process may have


def _libc_function(name: str):
    """glibc's function ``name``, or None where the C library has none (musl, macOS)."""
    try:
        return getattr(ctypes.CDLL(ctypes.util.find_library("c")), name)
    except (OSError, AttributeError, TypeError):
        return None


def _malloc_trim() -> bool:
    """Free heap pages returned to the system; False where the C library has no ``malloc_trim``."""
    trim = _libc_function("malloc_trim")
    if trim is None:
        return False
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    trim(0)
    return True


def _one_arena() -> bool:
    """The threads started from now on (gunicorn's request threads) allocate from the arenas there are instead of
    each making its own (glibc's default: up to 8 a core, each keeping its own free pages); False without mallopt."""
    mallopt = _libc_function("mallopt")
    if mallopt is None:
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, 1))


def settle() -> None:
    """Collect, freeze what lives as long as the worker, and give the freed heap back (module docstring)."""
    gc.collect()
    gc.freeze()
    _malloc_trim()
    _one_arena()
