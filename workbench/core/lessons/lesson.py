"""A lesson's manifest (lesson.json): its title, the run's name and the ordered steps, each a caption and a view
of the app. Plain dataclasses and JSON; reading checks every field, so a damaged or hand-edited manifest is refused
in one line that names the step and the field."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from workbench.core.errors import WorkbenchError

FORMAT = "transformer-workbench-lesson"
FORMAT_VERSION = 1

PAGES = ("data", "model", "train", "inspect", "evaluate", "runs")  # the window's pages, in sidebar order
VIEW_MODES = ("heads", "mean", "rollout_mean", "rollout_max")  # what the Inspect grid shows
DETAIL_STYLES = ("heatmap", "lines", "table")  # how the chosen head is drawn large
TABS = ("stats", "history", "compare")  # the tabs under the Inspect grid
MAX_CAPTION = 2000
MAX_TEXT = 10_000
MAX_STEPS = 1000


class LessonError(WorkbenchError):
    """A lesson file that cannot be saved or opened; str(err) says what is wrong and what to do."""


@dataclass(frozen=True)
class LessonView:
    """One view of the app: the page on screen and everything the Inspect page and the plot show.

    layer/head are 0-based (head None: a layer's aggregate in the mean or rollout views); muted heads are
    (layer, head) pairs; probe/evaluation are the probe sentence and the recorded evaluation the "Over training"
    tab replays (0-based; evaluation None: the latest); plot_range is (x0, x1, y0, y1) in the plot's own units, or
    None when the plot follows the whole run.
    """

    page: str = "inspect"
    text: str = ""
    compare_text: str = ""
    mode: str = "heads"
    layer: int = 0
    head: int | None = 0
    detail: str = "heatmap"
    hide_special: bool = False
    muted: tuple[tuple[int, int], ...] = ()
    tab: str = "stats"
    probe: int = 0
    evaluation: int | None = None
    plot_range: tuple[float, float, float, float] | None = None
    log_y: bool = False
    plot_shown: bool = True

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["muted"] = [list(pair) for pair in sorted(self.muted)]
        out["plot_range"] = list(self.plot_range) if self.plot_range is not None else None
        return out

    def normalised(self) -> LessonView:
        """The same view with muted heads in one order (two views that show the same thing compare equal)."""
        return replace(self, muted=tuple(sorted(set(self.muted))))


@dataclass(frozen=True)
class LessonStep:
    caption: str
    view: LessonView


@dataclass
class Lesson:
    """What lesson.json holds besides the run itself (which the file keeps under run/)."""

    title: str = ""
    run_name: str = "run"
    steps: list[LessonStep] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "title": self.title,
            "run_name": self.run_name,
            "steps": [{"caption": s.caption, "view": s.view.to_json()} for s in self.steps],
        }

    @classmethod
    def from_json(cls, obj: Any, where: str) -> Lesson:
        """Check and read a manifest; LessonError naming `where` (the file) otherwise."""
        if not isinstance(obj, dict) or obj.get("format") != FORMAT:
            raise LessonError(f"{where} is not a Transformer Workbench lesson (its lesson.json is not one).")
        version = obj.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise LessonError(f"{where} is damaged: lesson.json has no usable format_version.")
        if version > FORMAT_VERSION:
            raise LessonError(
                f"{where} was saved by a newer Transformer Workbench (lesson format {version}; this app reads up "
                f"to {FORMAT_VERSION}); update the app to open it."
            )
        title = _text(obj.get("title", ""), f"{where}: title", MAX_CAPTION)
        run_name = _text(obj.get("run_name", "run"), f"{where}: run_name", 255) or "run"
        steps = obj.get("steps")
        if not isinstance(steps, list):
            raise LessonError(f"{where} is damaged: lesson.json has no list of steps.")
        if len(steps) > MAX_STEPS:
            raise LessonError(f"{where} has {len(steps)} steps; a lesson holds at most {MAX_STEPS}.")
        out = [_step(s, f"{where}, step {i + 1}") for i, s in enumerate(steps)]
        return cls(title=title, run_name=run_name, steps=out)


# --- checking fields ----------------------------------------------------------------------------------------
def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bad(where: str, what: str) -> LessonError:
    return LessonError(f"{where} is damaged: {what}. Save the lesson again from the app.")


def _text(value: Any, where: str, limit: int) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise _bad(where, f"expected a text of at most {limit:,} characters")
    return value


def _index(value: Any, where: str, name: str, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if not _is_int(value) or not 0 <= value < 100_000:
        raise _bad(where, f"{name} must be a whole number from 0" + (" or null" if optional else ""))
    return value


def _choice(value: Any, where: str, name: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise _bad(where, f"{name} must be one of {', '.join(allowed)} (found {value!r})")
    return str(value)


def _flag(value: Any, where: str, name: str) -> bool:
    if not isinstance(value, bool):
        raise _bad(where, f"{name} must be true or false")
    return value


def _step(obj: Any, where: str) -> LessonStep:
    if not isinstance(obj, dict) or not isinstance(obj.get("view"), dict):
        raise _bad(where, "a step needs a caption and a view")
    caption = _text(obj.get("caption", ""), where, MAX_CAPTION)
    v, d = obj["view"], LessonView()
    muted_raw = v.get("muted", [])
    if not isinstance(muted_raw, list) or not all(isinstance(p, list) and len(p) == 2 for p in muted_raw):
        raise _bad(where, "muted must be a list of [layer, head] pairs")
    muted = tuple((_index(p[0], where, "a muted layer"), _index(p[1], where, "a muted head")) for p in muted_raw)
    plot_range = v.get("plot_range")
    if plot_range is not None:
        ok = isinstance(plot_range, list) and len(plot_range) == 4
        if not ok or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in plot_range):
            raise _bad(where, "plot_range must be null or four numbers")
        if not all(math.isfinite(x) for x in plot_range) or plot_range[0] >= plot_range[1]:
            raise _bad(where, "plot_range must be four finite numbers, each range from low to high")
        if plot_range[2] >= plot_range[3]:
            raise _bad(where, "plot_range must be four finite numbers, each range from low to high")
        plot_range = tuple(float(x) for x in plot_range)
    view = LessonView(
        page=_choice(v.get("page", d.page), where, "page", PAGES),
        text=_text(v.get("text", d.text), where, MAX_TEXT),
        compare_text=_text(v.get("compare_text", d.compare_text), where, MAX_TEXT),
        mode=_choice(v.get("mode", d.mode), where, "mode", VIEW_MODES),
        layer=_index(v.get("layer", d.layer), where, "layer"),
        head=_index(v.get("head", d.head), where, "head", optional=True),
        detail=_choice(v.get("detail", d.detail), where, "detail", DETAIL_STYLES),
        hide_special=_flag(v.get("hide_special", d.hide_special), where, "hide_special"),
        muted=muted,
        tab=_choice(v.get("tab", d.tab), where, "tab", TABS),
        probe=_index(v.get("probe", d.probe), where, "probe"),
        evaluation=_index(v.get("evaluation", d.evaluation), where, "evaluation", optional=True),
        plot_range=plot_range,
        log_y=_flag(v.get("log_y", d.log_y), where, "log_y"),
        plot_shown=_flag(v.get("plot_shown", d.plot_shown), where, "plot_shown"),
    )
    return LessonStep(caption=caption, view=view.normalised())
