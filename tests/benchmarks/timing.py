"""Percentiles of timing samples, and the one clock every benchmark reads."""
from __future__ import annotations

import math
import time
from collections.abc import Sequence

clock = time.perf_counter


def percentile(samples: Sequence[float], q: float) -> float:
    """The nearest-rank q-th percentile (0 < q <= 100) of `samples`; NaN when there are none."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def us(seconds: float) -> float:
    return round(seconds * 1_000_000, 1)
