"""The debrief's charts: matplotlib's SVG backend, inlined in the report.

An SVG prints sharp on paper and needs no script or network. Its text stays
text (`svg.fonttype: none`), so the page's own fonts set it, and the output
is the same on every run (a fixed hash salt, no date). A chart never holds
words a log brought: only our own labels, dates and numbers, so nothing a
stranger wrote reaches matplotlib's text engine.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend is chosen first)
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

# Okabe-Ito, as in the game: Moscow vermillion, the party blue, truth black.
MOSCOW, PARTY, TRUTH, TRUST, GREY = "#D55E00", "#0072B2", "#000000", "#009E73", "#999999"
STYLE: dict[Any, Any] = {"svg.fonttype": "none", "svg.hashsalt": "far-from-moscow", "font.size": 9,
         "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": 10,
         "axes.titleweight": "bold", "axes.titlelocation": "left", "font.family": "sans-serif"}
WIDTH, HEIGHT = 6.4, 2.3  # inches: a chart across an A4 page's text


@dataclass(frozen=True)
class Series:
    """A line or a row of points on a chart: None where there is no value that turn."""

    label: str
    values: Sequence[float | None]
    colour: str
    points: bool = False  # points, not a line


def _number(value: float, _position: object = None) -> str:
    """An axis label: thousands apart (40,000), small values with two decimals."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}".rstrip("0").rstrip(".")


def _svg(fig: Figure, tight: bool = True) -> str:
    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight" if tight else None,
                metadata={"Date": None})
    plt.close(fig)
    text = out.getvalue()
    return text[text.index("<svg"):]  # inline: no XML declaration, no doctype


def _ticks(ax: Axes, dates: Sequence[str]) -> None:
    """A handful of dates under the axis, the first and last among them, never crowded."""
    n = len(dates)
    step = max(n // 6, 1)
    at = [k for k in range(0, n, step) if n - 1 - k >= step / 2] + ([n - 1] if n else [])
    ax.set_xticks(at, [dates[k] for k in at])
    ax.set_xlim(-0.5, max(n - 0.5, 0.5))


def _legend(ax: Axes) -> None:
    """The legend in one row above the plot, on the right of the title: every chart keeps
    the same width."""
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=3, frameon=False,
              borderaxespad=0.2)


def turn_chart(title: str, dates: Sequence[str], series: Sequence[Series],
               marks: Sequence[int] = (), low: float | None = 0.0, high: float | None = None,
               ylabel: str = "") -> str:
    """Values per turn, one line (or row of points) per series; `marks` are the turns that
    mattered, drawn as faint bars."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(WIDTH, HEIGHT))
        for turn in marks:
            ax.axvspan(turn - 0.35, turn + 0.35, color=GREY, alpha=0.22, linewidth=0)
        for n, s in enumerate(series):
            xs = [k for k, v in enumerate(s.values) if v is not None]
            ys = [float(v) for v in s.values if v is not None]
            if s.points:  # the first series as rings, so a point under it still shows
                ax.plot(xs, ys, "o", color=s.colour, markersize=6 if n == 0 else 3.2,
                        markerfacecolor="none" if n == 0 else s.colour, label=s.label,
                        gid=s.label, clip_on=False)
            else:
                ax.plot(xs, ys, "-", color=s.colour, linewidth=1.6, label=s.label, gid=s.label)
        ax.set_title(title)
        if ylabel:
            ax.set_ylabel(ylabel)
        ax.set_ylim(bottom=low, top=high)
        _ticks(ax, dates)
        ax.yaxis.set_major_formatter(FuncFormatter(_number))
        if len(series) > 1:
            _legend(ax)
        # fixed margins, not a tight box: every chart of a report puts a turn in one column
        fig.subplots_adjust(left=0.1, right=0.94, top=0.8, bottom=0.17)
        return _svg(fig, tight=False)


def outcome_chart(title: str, labels: Sequence[str], counts: Sequence[int],
                  history: int) -> str:
    """How many games reached each ending, one bar per ending; history's own stands out."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(WIDTH, max(HEIGHT * 0.8, 0.34 * len(labels) + 0.7)))
        colours = [TRUTH if k == history else PARTY for k in range(len(labels))]
        ax.barh(range(len(labels)), [float(c) for c in counts], color=colours, gid="games")
        ax.set_yticks(range(len(labels)), list(labels))
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("games (black: the ending history reached)")
        ax.set_title(title)
        return _svg(fig)


def scatter_chart(title: str, xs: Sequence[float], ys: Sequence[float], xlabel: str,
                  ylabel: str, numbers: Sequence[int] = ()) -> str:
    """One point per student; `numbers` label the points by their row in the report's table."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(WIDTH, HEIGHT * 1.3))
        ax.plot(xs, ys, "o", color=PARTY, markersize=5, gid="students")
        for n, x, y in zip(numbers, xs, ys, strict=False):
            ax.annotate(str(n), (x, y), textcoords="offset points", xytext=(4, 3), fontsize=7)
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_xlim(-0.05, 1.05)
        return _svg(fig)


def stacked_chart(title: str, labels: Sequence[str], parts: Sequence[Series]) -> str:
    """One bar per label split into parts that add up to one (how choices split)."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(WIDTH, max(HEIGHT, 0.32 * len(labels) + 0.8)))
        left = [0.0] * len(labels)
        for p in parts:
            values = [float(v or 0.0) for v in p.values]
            ax.barh(range(len(labels)), values, left=left, color=p.colour, label=p.label,
                    gid=p.label)
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_yticks(range(len(labels)), list(labels))
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_title(title)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=len(parts),
                  frameon=False)
        return _svg(fig)


RESPONSE_COLOURS = {"comply": "#D55E00", "adapt": "#0072B2", "consult": "#009E73",
                    "stall": "#E69F00", "defy": "#CC79A7"}
