"""How a stream demo ended, in words: the one place the console and the TUI take them from.

`ending` reads the annotator's state and says what the learner is told at the end (the state,
what a client does next), whether a continuation request applies, and the cost line, so the
state and the cost never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from ccaf.stream.annotator import StreamAnnotator
from ccaf.stream.cost import load_prices

#: States after which the documented continuation request applies.
CUT_STATES = ("dropped", "interrupted", "truncated")


@dataclass(frozen=True, slots=True)
class Ending:
    said: str  # the sentence shown at the end of the stream
    can_continue: bool  # whether `c` (a continuation request) applies
    cost: str  # the cost line, agreeing with the state


def had_output(annotator: StreamAnnotator) -> bool:
    """Whether the current response brought any content (text, thinking, tool input)."""
    return any(
        block.text
        or block.fragments
        or block.type == "redacted_thinking"
        or block.type.endswith("_tool_result")
        for block in annotator.blocks_of_turn(annotator.turn)
    )


def can_continue(annotator: StreamAnnotator, more: bool = True) -> bool:
    """Whether a continuation request applies; `more`: whether it would get an answer."""
    if not more:
        return False
    return (
        annotator.state in CUT_STATES
        or (annotator.state == "complete" and annotator.stop_reason == "max_tokens")
        or (annotator.state == "error" and annotator.events > 0)
    )


def cost_line(annotator: StreamAnnotator) -> str:
    """The cost estimate, with the date of the prices it uses and what it could not know."""
    if not annotator.usage:
        return "no usage reported: no response arrived"
    cost = annotator.cost()
    if cost is None:
        return "no price for this model"
    dated = f"prices of {load_prices().read_on}"
    if annotator.usage_final:
        return f"${cost:.5f} ({dated})"
    cut = [str(turn + 1) for turn, usage in sorted(annotator.usage.items()) if not usage.final]
    if cut == [str(annotator.turn + 1)] and len(annotator.usage) == 1:
        why = "the final output count never arrived"
    else:
        which = ", ".join(cut)
        why = f"the final output count of response {which} never arrived"
    return f"≈${cost:.5f} ({dated}), estimated: {why}"


def ending(annotator: StreamAnnotator, more: bool = True) -> Ending:
    """The end of the stream as the learner is told it; `more` as for `can_continue`."""
    state = annotator.state
    cont = can_continue(annotator, more)
    c_sends = " c sends the continuation request." if cont else ""
    if state == "complete":
        said = f"Complete: stop_reason {annotator.stop_reason}."
        if annotator.stop_reason == "max_tokens":
            said += " Cut by max_tokens." + c_sends
        elif annotator.stop_reason == "pause_turn":
            said += " A client sends the response back as the assistant turn to let it continue."
        elif annotator.stop_reason == "tool_use":
            said += " A client runs the tool and sends its result back."
        elif annotator.stop_reason == "refusal":
            said += " Declined: don't present or continue the partial text."
    elif state == "error":
        detail = (annotator.error_message or "").rstrip(".")
        said = f"Error: {annotator.error_type}" + (f": {detail}" if detail else "") + "."
        if had_output(annotator):
            said += " The partial output above stays." + c_sends
    elif state == "dropped":
        said = "The connection dropped."
        said += " What arrived stays." if had_output(annotator) else " Nothing had arrived."
        said += c_sends
    elif state == "interrupted":
        said = "Stopped."
        if had_output(annotator):
            said += " The partial output stays; the final output count never arrived."
        said += c_sends
    elif state == "truncated":
        said = "The stream ended without message_stop: truncated." + c_sends
    else:
        said = "Streaming."
    return Ending(said, cont, cost_line(annotator))
