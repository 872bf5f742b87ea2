"""What is made once and kept: a small store that threads share, bounded, that hands out finished values only.

A :class:`sprx_map.view.View` keeps what is made of it here. In the app one view serves many sessions at
once, each in its own thread: a value is made by the first thread to ask for it while the others asking
for the same wait for it, so none is made twice and none is handed out half made. Values are kept on
shelves, each bounded on its own (a shelf of folium maps is kept smaller than one of tables): past its
bound the value used longest ago is dropped, and made again if asked for.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections import OrderedDict


class Memo:
    """Values by key, made once; ``bounds`` is how many each shelf keeps (its name -> a count; None: all)."""

    def __init__(self, bounds: dict[str, int | None]) -> None:
        self._bounds = dict(bounds)
        self._shelves: dict[str, OrderedDict] = {shelf: OrderedDict() for shelf in bounds}
        self._making: dict = {}  # key -> the lock held by the thread making it
        self._lock = threading.Lock()

    def get(self, key: tuple, make, shelf: str):
        """``make()``, made the first time ``key`` is asked for and kept on ``shelf``; a failure is not kept."""
        kept = self._shelves[shelf]
        with self._lock:
            if key in kept:
                kept.move_to_end(key)
                return kept[key]
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._lock:
                if key in kept:  # made by the thread this one waited for
                    return kept[key]
            value = make()
            with self._lock:
                kept[key] = value
                self._making.pop(key, None)
                while self._bounds[shelf] is not None and len(kept) > self._bounds[shelf]:
                    kept.popitem(last=False)
            return value

    def held(self, key: tuple):
        """The value kept for ``key`` on any shelf, without making it; KeyError when it is not kept."""
        with self._lock:
            for kept in self._shelves.values():
                if key in kept:
                    return kept[key]
        raise KeyError(key)


def kept(shelf: str):
    """A method's result made once per object and arguments (however they are given; all hashable), kept on
    ``shelf`` of the object's ``remember``; the key is the method's name and its arguments, defaults included."""

    def decorate(method):
        signature = inspect.signature(method)

        def key(self, args, kwargs) -> tuple:
            bound = signature.bind(self, *args, **kwargs)
            bound.apply_defaults()
            values = list(bound.arguments.values())[1:]
            return (method.__name__, *(tuple(sorted(v.items())) if isinstance(v, dict) else v for v in values))

        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            return self.remember(key(self, args, kwargs), lambda: method(self, *args, **kwargs), shelf)

        wrapper.key = key
        return wrapper

    return decorate
