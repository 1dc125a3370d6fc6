"""Progress on a terminal for steps that take a while: a bar when the amount of work is known,
a spinner when not. Off unless :func:`enable` turned it on.

The layers mark their long steps, and nothing else::

    with progress.task("Reading plugin files", total=len(files), unit="files") as tick:
        for file in files:
            ...
            tick()  # or tick(n)

Off (the default, and always for the Python API), :func:`task` yields a ``tick`` that does
nothing. On (the CLI turns it on when stderr is a terminal and ``--quiet`` is not given), a
background thread draws the innermost running step on one line, at most ten times a second,
once the outermost step has run :data:`DELAY` seconds (so quick commands draw nothing), and
clears the line when the outermost step ends. ``tick`` only adds to a counter, so ticking in
a loop costs a method call; the spinner turns even while a step cannot tick (a long C call).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from kgraph._util.env import env_flag

DELAY = 0.5
"""Seconds a step runs before anything is drawn."""
INTERVAL = 0.1
"""Seconds between two redraws."""
BAR = 20
"""Characters of a bar (fewer on a narrow terminal)."""


def _ignore(n: int = 1) -> None:
    """The ``tick`` of a step while progress is off."""


class _Step:
    __slots__ = ("done", "label", "started", "total", "unit")

    def __init__(self, label: str, total: int | None, unit: str):
        self.label, self.total, self.unit = label, total, unit
        self.done = 0
        self.started = time.monotonic()

    def tick(self, n: int = 1) -> None:
        self.done += n


class _Display:
    """The progress line on one terminal stream, drawn by a thread while steps run."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.steps: list[_Step] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None
        self.shown = False
        self.frame = 0
        fancy = (getattr(stream, "encoding", None) or "").lower().replace("-", "") == "utf8"
        self.spinner, self.fill, self.empty = ("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏", "█", "░") if fancy else ("|/-\\", "#", "-")

    def push(self, step: _Step) -> None:
        with self.lock:
            self.steps.append(step)
            if self.thread is not None:
                return
            self.stop.clear()
            self.thread = threading.Thread(target=self._run, args=(step.started,), name="kgraph-progress", daemon=True)
        self.thread.start()

    def pop(self, step: _Step) -> None:
        with self.lock:
            self.steps.remove(step)
            if self.steps or self.thread is None:
                return
            thread, self.thread = self.thread, None
            self.stop.set()
        thread.join()
        self.clear()

    def _run(self, started: float) -> None:
        while not self.stop.wait(INTERVAL):
            if time.monotonic() - started < DELAY:
                continue
            with self.lock:
                if self.steps and not self.stop.is_set():
                    self._write("\r" + self._line(self.steps[-1]) + "\x1b[K")
                    self.shown = True

    def _line(self, step: _Step) -> str:
        self.frame += 1
        seconds = f"{time.monotonic() - step.started:.0f}s"
        spin = self.spinner[self.frame % len(self.spinner)]
        done, total, unit = step.done, step.total, f" {step.unit}" if step.unit else ""
        if step.unit == "bytes":
            done, total, unit = done // 1_000_000, total and total // 1_000_000, " MB"
        width = self._width() - 1
        if step.total:
            share = min(step.done / step.total, 1.0)
            head, tail = f"{step.label} {spin} ", f" {share:4.0%}  {done:,}/{total:,}{unit}  {seconds}"
            size = min(BAR, width - len(head) - len(tail))  # the bar gives way on a narrow terminal
            filled = int(share * size)
            text = head + (self.fill * filled + self.empty * (size - filled) if size >= 5 else "") + tail
        else:
            count = f"{done:,}{unit}  " if step.done else ""
            text = f"{step.label} {spin} {count}{seconds}"
        return text[: max(width, 10)]

    def _width(self) -> int:
        try:
            return os.get_terminal_size(self.stream.fileno()).columns or 80
        except (AttributeError, OSError, ValueError):
            return 80

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # the terminal went away: stop drawing
            self.stop.set()

    def clear(self, then: str = "") -> None:
        """Remove the progress line, if one is drawn, and write ``then`` (redrawn after it)."""
        with self.lock:
            if self.shown or then:
                self._write(("\r\x1b[K" if self.shown else "") + then)
                self.shown = False


_display: _Display | None = None


def enable(stream: TextIO | None = None) -> None:
    """Draw progress on ``stream`` (default: stderr) from now on."""
    global _display
    _display = _Display(stream if stream is not None else sys.stderr)


def disable() -> None:
    """Draw no progress from now on (the default)."""
    global _display
    _display = None


def enabled() -> bool:
    """Whether progress is drawn."""
    return _display is not None


def enable_on_terminal(stream: TextIO | None = None, *, quiet: bool = False) -> bool:
    """Turn progress on when ``stream`` (default: stderr) is a terminal, unless ``quiet`` or
    ``KGRAPH_QUIET`` (or a ``TERM=dumb`` terminal); off otherwise. Returns whether it is on."""
    stream = stream if stream is not None else sys.stderr
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    quiet = quiet or env_flag("KGRAPH_QUIET")
    if terminal and not quiet and os.environ.get("TERM") != "dumb":
        enable(stream)
    else:
        disable()
    return enabled()


@contextmanager
def task(label: str, total: int | None = None, unit: str = "") -> Iterator[Callable[[int], None]]:
    """A step of work: yields ``tick(n=1)``, to call as ``n`` of ``total`` units get done
    (``total`` ``None``: a spinner, with the count when ticked). Steps nest: the innermost is shown.

    Example:
        >>> with task("Counting", total=3) as tick:
        ...     for _ in range(3):
        ...         tick()
    """
    display = _display
    if display is None:
        yield _ignore
        return
    step = _Step(label, total, unit)
    display.push(step)
    try:
        yield step.tick
    finally:
        display.pop(step)


class CountingReader:
    """A binary file wrapper that ticks the bytes read (reading the build cache with progress)."""

    def __init__(self, handle, tick: Callable[[int], None]):
        self.handle, self.tick = handle, tick

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.tick(len(data))
        return data

    def readinto(self, buffer) -> int:
        count = self.handle.readinto(buffer) or 0
        self.tick(count)
        return count

    def readline(self, size: int = -1) -> bytes:
        data = self.handle.readline(size)
        self.tick(len(data))
        return data


def echo(text: str) -> None:
    """Write a line to stderr (or the progress stream), above the progress line if one is drawn."""
    display = _display
    if display is None:
        print(text, file=sys.stderr, flush=True)
        return
    display.clear(text + "\n")
