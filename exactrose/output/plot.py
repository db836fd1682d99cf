"""Pictures of two-player payoff regions (matplotlib, Agg backend; PNG, PDF or SVG by the
file's extension).

Exact numbers are drawn through floats (drawing only) and shown exactly in the legend and
title: ``ROSE (25/3, 5)``.  Names and titles are drawn literally: never as mathtext or TeX,
control characters as visible escapes.  :func:`plot_payoff_region` serves bargaining games
(``exactrose bargain --plot``) and any other 2-player picture (value points of a game).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from fractions import Fraction
from typing import TYPE_CHECKING, Any, SupportsFloat, TypeGuard

from exactrose.applications.bargaining import BargainingSolutions, Segment
from exactrose.errors import InputError
from exactrose.escape import terminal_text
from exactrose.exact.numbers import format_rational
from exactrose.extras import require
from exactrose.model.game import Game

if TYPE_CHECKING:
    from flint import fmpq_poly
    from matplotlib.typing import RcKeyType

    from exactrose.exact.piecewise import PiecewiseFunction

#: A point ``(x_1, x_2)``; a segment is a pair of points.
PlotPoint = Sequence[SupportsFloat]
#: What may be labelled in a picture: a point or a segment.
PlotItem = PlotPoint | Sequence[PlotPoint]

#: Colours, one per distinct label (cycled); markers, one per item (cycled).
COLOURS = ("tab:green", "tab:purple", "tab:red", "tab:orange", "tab:blue", "tab:brown", "tab:pink",
           "tab:olive", "tab:cyan", "tab:gray")
MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*", "<", ">")

#: Picture formats, each written for a file name ending in ``.<format>`` (any case).
PLOT_FORMATS = ("png", "pdf", "svg")

#: matplotlib settings while drawing: text is never read as mathtext (``$...$``) nor sent to TeX.
_LITERAL_TEXT: dict[RcKeyType, Any] = {"text.parse_math": False, "text.usetex": False}


def plot_format(path: str | os.PathLike[str]) -> str:
    """The format of the picture at ``path``, from its extension; :class:`InputError` for any
    other extension or none (the CLI calls this before computing anything)."""
    name = os.fspath(path)
    extension = os.path.splitext(name)[1].lower()
    if extension[1:] not in PLOT_FORMATS:
        raise InputError(f"--plot: expected a file name ending in .png, .pdf or .svg, got {name}")
    return extension[1:]


@contextmanager
def _figure(path: str | os.PathLike[str], rows: int, size: tuple[float, float]) -> Iterator[tuple[Any, Any]]:
    """A figure and its ``rows`` axes (Agg backend, text drawn literally: never as mathtext nor
    TeX), saved at ``path`` in the format of its extension when the block ends, then closed."""
    matplotlib = require("matplotlib", "plot")  # the extra [plot]
    matplotlib.use("Agg")
    from matplotlib import pyplot

    picture_format = plot_format(path)
    with matplotlib.rc_context(_LITERAL_TEXT):
        figure, axes = pyplot.subplots(rows, 1, figsize=size, dpi=110, squeeze=False)
        try:
            yield figure, axes[:, 0]
            try:
                figure.savefig(os.fspath(path), format=picture_format, bbox_inches="tight")
            except OSError as exc:
                raise InputError(f"{os.fspath(path)}: cannot write the picture ({exc.strerror or exc})") from exc
        finally:
            pyplot.close(figure)


def _shown(text: str) -> str:
    """Text from a file as drawn: each line's control characters as visible escapes."""
    return "\n".join(terminal_text(line) for line in text.split("\n"))


def number_text(value: object) -> str:
    """Exact text of a coordinate: ``"25/3"`` for a rational, ``str(value)`` otherwise."""
    if isinstance(value, Fraction):
        return format_rational(value)
    if isinstance(value, int):
        return str(value)
    to_expression = getattr(value, "to_expression", None)
    return to_expression() if callable(to_expression) else str(value)


def point_text(point: Sequence[object]) -> str:
    """``(25/3, 5)``."""
    return f"({number_text(point[0])}, {number_text(point[1])})"


def _is_segment(item: object) -> TypeGuard[Sequence[PlotPoint]]:
    return isinstance(item, Sequence) and len(item) == 2 and all(
        isinstance(p, Sequence) and not isinstance(p, str) for p in item)


def plot_payoff_region(
    polygon: Sequence[PlotPoint],
    frontier: Sequence[PlotPoint],
    disagreement: PlotPoint | None,
    labelled: Sequence[tuple[str, PlotItem]],
    path: str | os.PathLike[str],
    title: str = "",
    *,
    axis_labels: tuple[str, str] = ("player 1", "player 2"),
) -> None:
    """Draw a payoff region and save it at ``path`` (format: :func:`plot_format`).

    ``polygon``: the feasible set's vertices in order (one or two vertices draw a point or a
    segment); ``frontier``: its Pareto frontier as a polyline (drawn thick); ``disagreement``:
    drawn as a black cross (``None``: not drawn); ``labelled``: ``(label, item)`` pairs, an item
    being a point ``(x_1, x_2)`` or a segment ``((x_1, x_2), (y_1, y_2))``, each drawn with its
    exact coordinates in the legend.  Coordinates may be ints, Fractions or anything ``float``
    accepts (values with a ``to_expression`` method are shown by it).
    """
    Polygon = require("matplotlib.patches", "plot").Polygon  # noqa: N806

    xs = [float(p[0]) for p in polygon]
    ys = [float(p[1]) for p in polygon]
    with _figure(path, 1, (8.4, 5.2)) as (_, (axes,)):
        if len(polygon) >= 3:
            axes.add_patch(Polygon(list(zip(xs, ys)), closed=True, facecolor="#cfe3f5", edgecolor="#7da7cc",
                                   linewidth=1, label="feasible set F"))
        elif len(polygon) == 2:
            axes.plot(xs, ys, color="#7da7cc", linewidth=2, label="feasible set F")
        elif polygon:
            axes.plot(xs, ys, "o", color="#7da7cc", label="feasible set F")
        if len(frontier) >= 2:
            axes.plot([float(p[0]) for p in frontier], [float(p[1]) for p in frontier],
                      color="#1f4e79", linewidth=3.5, solid_capstyle="round", label="Pareto frontier")
        if disagreement is not None:
            axes.plot([float(disagreement[0])], [float(disagreement[1])], "x", color="black",
                      markersize=10, markeredgewidth=2.5, label=f"disagreement d {point_text(disagreement)}")
        colour_of: dict[str, str] = {}
        for k, (name, item) in enumerate(labelled):
            label = _shown(name)
            colour = colour_of.setdefault(label, COLOURS[len(colour_of) % len(COLOURS)])
            marker = MARKERS[k % len(MARKERS)]
            size = max(5.0, 12.0 - 0.7 * k)  # later items smaller, so coinciding points stay visible
            if _is_segment(item):
                p, q = item
                axes.plot([float(p[0]), float(q[0])], [float(p[1]), float(q[1])], color=colour, linewidth=5,
                          alpha=0.8, label=f"{label} {point_text(p)}–{point_text(q)}")
                xs += [float(p[0]), float(q[0])]
                ys += [float(p[1]), float(q[1])]
            elif isinstance(item, Sequence) and len(item) == 2:
                x, y = float(item[0]), float(item[1])  # type: ignore[arg-type]
                axes.plot([x], [y], marker, color=colour, markersize=size, markeredgecolor="black",
                          markeredgewidth=0.6, linestyle="none", label=f"{label} {point_text(item)}")
                xs.append(x)
                ys.append(y)
            else:
                raise InputError(f"labelled[{k}] ({label!r}): expected a point (x, y) or a segment ((x, y), (x, y))")
        if disagreement is not None:
            xs.append(float(disagreement[0]))
            ys.append(float(disagreement[1]))
        if xs:
            pad_x = 0.08 * ((max(xs) - min(xs)) or 1.0)
            pad_y = 0.08 * ((max(ys) - min(ys)) or 1.0)
            axes.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
            axes.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
        axes.set_xlabel(_shown(axis_labels[0]))
        axes.set_ylabel(_shown(axis_labels[1]))
        axes.set_aspect("equal", adjustable="box")
        axes.grid(True, linewidth=0.4, alpha=0.5)
        if title:
            axes.set_title(_shown(title), fontsize=10)
        axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, framealpha=0.9)


def plot_game(game: Game, labelled: Sequence[tuple[str, PlotItem]],
              disagreement: PlotPoint | None, path: str | os.PathLike[str]) -> None:
    """A two-player game's payoff region (F = the hull of its pure outcomes, its Pareto frontier)
    with ``labelled`` points, e.g. values and equilibria (``exactrose solve --plot``)."""
    from exactrose.applications.bargaining import convex_hull
    from exactrose.applications.equilibria import pareto_frontier

    if game.n != 2:
        raise InputError(f"--plot draws two-player games; this game has {game.n} players")
    outcomes = [game.payoff_vector(p) for p in game.profiles()]
    frontier = [v.point for v in pareto_frontier(game)]
    title = game.title or "game"
    plot_payoff_region(convex_hull(outcomes), frontier, disagreement, labelled, path, title,
                       axis_labels=(game.players[0], game.players[1]))


def plot_piecewise(curves: Sequence[tuple[str, Sequence[tuple[str, PiecewiseFunction]]]], parameter: str,
                   path: str | os.PathLike[str], title: str = "") -> None:
    """Piecewise functions of a parameter: one panel per ``(panel title, [(label, function)])``,
    each function a :class:`~exactrose.exact.piecewise.PiecewiseFunction`, breakpoints marked with
    dotted lines and listed exactly under each panel (``exactrose solve --param --plot``)."""
    with _figure(path, len(curves), (7.5, 2.8 * len(curves))) as (figure, axes_list):
        for axes, (panel, functions) in zip(axes_list, curves):
            breakpoints: dict[str, SupportsFloat] = {}
            for k, (label, f) in enumerate(functions):
                for piece in f.pieces:
                    a, b = float(piece.start), float(piece.end)
                    xs = [a + (b - a) * i / 64 for i in range(65)]
                    ys = [_float_at(piece.value.numerator, x) / _float_at(piece.value.denominator, x) for x in xs]
                    axes.plot(xs, ys, color=COLOURS[k % len(COLOURS)], linewidth=2,
                              label=_shown(label) if piece is f.pieces[0] else None)
                for cut in f.breakpoints:
                    breakpoints.setdefault(number_text(cut), cut)
            for cut_at in breakpoints.values():
                axes.axvline(float(cut_at), color="gray", linestyle=":", linewidth=1)
            shown = ", ".join(breakpoints) if breakpoints else "none"
            axes.set_title(f"{panel}   (breakpoints: {shown})", fontsize=9)
            axes.set_xlabel(parameter)
            axes.grid(True, linewidth=0.4, alpha=0.5)
            axes.legend(fontsize=8)
        if title:
            figure.suptitle(_shown(title), fontsize=10)
        figure.tight_layout()


def _float_at(poly: fmpq_poly, x: float) -> float:
    """A flint polynomial at a float (drawing only)."""
    return sum(float(c) * x**k for k, c in enumerate(poly.coeffs()))


def plot_solutions(solutions: BargainingSolutions, path: str | os.PathLike[str]) -> None:
    """Draw F, its Pareto frontier, d and every solution with exact coordinates (PNG, PDF or SVG
    by the extension of ``path``)."""
    game = solutions.game
    labelled: list[tuple[str, PlotItem]] = [("ROSE", r.point) for r in solutions.rose]
    labelled += [("random dictator", solutions.dictators.random_dictator), ("Nash", solutions.nash.point),
                 ("Kalai–Smorodinsky", solutions.kalai_smorodinsky.point),
                 ("egalitarian", solutions.egalitarian.point)]
    labelled += [("utilitarian", (item.start, item.end) if isinstance(item, Segment) else item)
                 for item in solutions.utilitarian.maximisers]
    heading = f"{game.title}\n" if game.title else ""
    heading += f"d = {point_text(game.disagreement)}, M = {point_text(game.M)}"
    plot_payoff_region(game.vertices, game.pareto_frontier(), game.disagreement, labelled, path, heading,
                       axis_labels=(_axis(game.players[0]), _axis(game.players[1])))


def _axis(player: str) -> str:
    return f"player {player}" if player.isdigit() else player
