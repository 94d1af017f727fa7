"""What a response costs, from its final usage and a dated price file (prices are data, not code).

Streaming costs the same per token as not streaming. The cost of one response is
`(input * in + cache writes * in * 1.25 + cache reads * in * 0.1 + output * out) / 1e6`, from
the final cumulative usage; `output_tokens` includes thinking tokens.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

PRICE_FILE = Path(__file__).with_name("prices.json")


@dataclass(frozen=True, slots=True)
class Prices:
    read_on: str
    models: dict[str, tuple[float, float]]  # model id -> (input, output) per million tokens
    cache_write: float
    cache_read: float

    def for_model(self, model: str | None) -> tuple[float, float] | None:
        """Prices for `model`; a dated id such as `claude-sonnet-4-5-20250929` finds its family."""
        if not model:
            return None
        best = max(
            (m for m in self.models if model == m or model.startswith(m + "-")),
            key=len,
            default=None,
        )
        return self.models[best] if best else None


@cache
def load_prices(path: Path = PRICE_FILE) -> Prices:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return Prices(
        read_on=data["read_on"],
        models={k: (float(v["input"]), float(v["output"])) for k, v in data["models"].items()},
        cache_write=float(data["cache_write_5m_multiplier"]),
        cache_read=float(data["cache_read_multiplier"]),
    )


def cost_usd(
    model: str | None,
    input_tokens: int,
    output_tokens: int,
    cache_creation: int = 0,
    cache_read: int = 0,
    prices: Prices | None = None,
) -> float | None:
    """The response's cost in USD, or None when the model has no known price."""
    prices = prices or load_prices()
    rate = prices.for_model(model)
    if rate is None:
        return None
    rate_in, rate_out = rate
    total = (
        input_tokens * rate_in
        + cache_creation * rate_in * prices.cache_write
        + cache_read * rate_in * prices.cache_read
        + output_tokens * rate_out
    )
    return total / 1_000_000
