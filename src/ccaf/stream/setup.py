"""What a stream demo asks and where its answer comes from: a replayed scenario, or the API."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ccaf.stream.transcript import Scenario, load_scenario

DEFAULT_MODEL = "claude-sonnet-4-6"
DEFAULT_PROMPT = "In a few sentences: what does a client receive when it streams a Claude reply?"
THINKING_BUDGET = 1024

DEMO_TOOL = {
    "name": "lookup_order",
    "description": "Look up an order by its id: status, expected delivery, and item count.",
    "input_schema": {
        "type": "object",
        "properties": {
            "order_id": {"type": "string", "description": "The order id, such as A-1042."},
            "include_items": {"type": "boolean"},
        },
        "required": ["order_id"],
    },
}


@dataclass(frozen=True)
class DemoRequest:
    """What the demo asks: the prompt and the request's settings."""

    prompt: str = DEFAULT_PROMPT
    model: str = DEFAULT_MODEL
    max_tokens: int = 1024
    tools: bool = False
    thinking: bool = False

    def params(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        params: dict[str, Any] = {
            "model": self.model,
            "max_tokens": self.max_tokens,
            "messages": messages,
        }
        if self.tools:
            params["tools"] = [DEMO_TOOL]
        if self.thinking:
            params["thinking"] = {"type": "enabled", "budget_tokens": THINKING_BUDGET}
            params["max_tokens"] = max(self.max_tokens, THINKING_BUDGET + 256)
        return params


@dataclass(frozen=True)
class StreamSetup:
    request: DemoRequest
    scenario: Scenario | None  # None: live
    record: Path | None = None


def live_request(
    prompt: str | None, model: str | None, max_tokens: int, tools: bool, thinking: bool
) -> DemoRequest:
    return DemoRequest(
        prompt or DEFAULT_PROMPT, model or DEFAULT_MODEL, max_tokens, tools, thinking
    )


def replay_setup(name_or_path: str | Path, max_tokens: int = 1024) -> StreamSetup:
    """A replay: the request mirrors what the recording answered (its model, tools, thinking)."""
    scenario = load_scenario(name_or_path)
    model = DEFAULT_MODEL
    tools = thinking = False
    for transcript in scenario.transcripts:
        for block in transcript.blocks:
            if '"tool_use"' in block.text:
                tools = True
            if '"thinking"' in block.text:
                thinking = True
            if block.event == "message_start":
                for line in block.text.splitlines():
                    if line.startswith("data:"):
                        try:
                            found = json.loads(line[5:]).get("message", {}).get("model")
                        except (json.JSONDecodeError, AttributeError):
                            found = None
                        model = found or model
    prompt = scenario.transcripts[0].meta.get("prompt", scenario.title)
    spec = DemoRequest(prompt, model, max_tokens, tools, thinking)
    return StreamSetup(spec, scenario)


def choose_setup(
    *,
    live: bool,
    replay: str | None,
    key_set: bool,
    record: Path | None,
    request: DemoRequest,
) -> StreamSetup:
    """Where the stream comes from: live when asked, or when a key is set and no replay is
    named; else a replay (of `plain-text` unless one is named). Raises ValueError for a
    recording that cannot be made."""
    if live or (replay is None and key_set):
        if record is not None and not record.parent.is_dir():
            raise ValueError(f"--record {record}: there is no folder {record.parent}")
        return StreamSetup(request, None, record)
    if record is not None:
        raise ValueError("--record saves a live response: use it with --live")
    return replay_setup(replay or "plain-text", request.max_tokens)
