"""The Inspect page's "Join pieces into words" switch: a forward pass shown over words instead of pieces.

The grouping is made once per pass and kept (the Chinese segmenter loads on first use, about half a second)."""

from __future__ import annotations

import dataclasses
from typing import Any


class WordGrouping:
    """Turns the last InspectResult into the one to show, over words when asked."""

    def __init__(self) -> None:
        self._kept: tuple[Any, Any, Any] | None = None  # (result, WordGroups, the result over words)

    def clear(self) -> None:
        self._kept = None

    def shown(self, result: Any, source: Any, words: bool) -> tuple[Any, Any]:
        """(the result to show, its WordGroups or None)."""
        if result is None or not words or source is None:
            return result, None
        if self._kept is None or self._kept[0] is not result:
            from workbench.core.inspection.words import group_words, to_words

            groups = group_words(source.tokenizer, result.text, source.model.cfg.max_len)
            over = dataclasses.replace(result, inspection=to_words(result.inspection, groups))
            self._kept = (result, groups, over)
        return self._kept[2], self._kept[1]
