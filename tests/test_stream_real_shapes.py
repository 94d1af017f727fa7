"""The bundled scenarios modelled on real streams, through the real SDK and the loopback server:
each ends with the summary a client would reach, and the SDK's own accumulation agrees."""

from __future__ import annotations

from typing import Any

import pytest

from ccaf.stream.annotator import ClientAction, Note
from ccaf.stream.ending import ending
from ccaf.stream.run import StreamRun
from ccaf.stream.setup import replay_setup


async def replay(name: str) -> tuple[StreamRun, list[Note], list[str], list[Any]]:
    setup = replay_setup(name)
    notes: list[Note] = []
    said: list[str] = []
    helpers: list[Any] = []
    run = StreamRun(
        setup.request,
        on_note=notes.append,
        on_info=said.append,
        on_helper=helpers.append,
        scenario=setup.scenario,
        speed=0,
    )
    await run.run()
    return run, notes, said, helpers


async def test_web_search_with_citations() -> None:
    run, notes, _, helpers = await replay("web-search")
    await run.close()
    model = run.annotator
    summary = model.summary()
    assert summary["state"] == "complete" and summary["stop_reason"] == "end_turn"
    assert summary["usage"] == {"input_tokens": 7412, "output_tokens": 198}  # the last values
    assert summary["cost_usd"] == pytest.approx((7412 * 3 + 198 * 15) / 1e6)
    search = model.blocks[(0, 2)]
    assert search.type == "server_tool_use"
    assert search.input == {"query": "Claude API streaming server-sent events"}
    assert model.blocks[(0, 3)].type == "web_search_tool_result" and model.blocks[(0, 3)].complete
    [cited] = [b for b in model.blocks.values() if b.citations]
    assert cited.citations[0]["title"] == "Streaming Messages - Claude Docs"
    assert model.usage[0].server_tool_use == {"web_search_requests": 1}
    opened = next(n for n in notes if n.summary == "server_tool_use")
    assert opened.action is ClientAction.START_JSON
    [rise] = [n for n in notes if n.event == "message_delta"]
    assert "in 2068→7412" in rise.summary
    # The SDK accumulated the same bytes to the same answer.
    final = next(h for h in helpers if h.type == "message_stop").message
    assert final.usage.input_tokens == 7412
    assert [b.type for b in final.content] == [b.type for b in model.blocks_of_turn(0)]
    assert "".join(b.text for b in final.content if b.type == "text") == summary["text"]


async def test_pause_turn_is_sent_back_and_continues() -> None:
    run, notes, said, _ = await replay("pause-turn")
    assert run.server is not None
    first, second = [r.body for r in run.server.requests]
    await run.close()
    assert first is not None and second is not None
    sent_back = second["messages"][-1]
    assert sent_back["role"] == "assistant"
    assert [b["type"] for b in sent_back["content"]] == [
        "text",
        "server_tool_use",
        "web_search_tool_result",
        "server_tool_use",  # its result comes in the continued turn
    ]
    assert sent_back["content"][1]["input"] == {"query": "Claude API streaming server-sent events"}
    assert second["messages"][:-1] == first["messages"]
    assert any(n.action is ClientAction.SEND_BACK for n in notes)
    assert any(line.startswith("pause_turn: sending the response back") for line in said)
    assert run.annotator.state == "complete" and run.annotator.stop_reason == "end_turn"


async def test_continuation_inside_a_user_turn_for_claude_4_6() -> None:
    run, _, _, _ = await replay("continue-in-user-turn")
    assert (
        run.annotator.state == "dropped"
        and ending(run.annotator, run.can_request_more).can_continue
    )
    partial = run.annotator.text
    await run.continue_()
    assert run.server is not None
    body = run.server.requests[-1].body
    await run.close()
    assert body is not None and body["model"] == "claude-sonnet-4-6"
    last = body["messages"][-1]
    assert last["role"] == "user" and partial in last["content"][-1]["text"]
    assert str(run.annotator.state) == "complete" and run.annotator.text.endswith(
        "message_stop ends the message."
    )


async def test_a_clean_early_end_is_truncated_without_an_exception() -> None:
    run, _, _, helpers = await replay("clean-early-end")
    await run.close()
    assert run.annotator.state == "truncated" and run.annotator.error_message is None
    assert run.annotator.text.endswith("message_delta and message_stop, so")
    assert not any(h.type == "message_stop" for h in helpers)
    end = ending(run.annotator, run.can_request_more)
    assert end.said == "The stream ended without message_stop: truncated."  # nothing more recorded


async def test_a_drop_inside_a_tool_call_continues_from_the_complete_text() -> None:
    run, _, said, _ = await replay("tool-drop")
    model = run.annotator
    assert model.state == "dropped"
    cut = model.blocks[(0, 1)]
    assert cut.type == "tool_use" and not cut.complete and cut.input is None
    assert not any(line.startswith("Ran ") for line in said)  # never run on a fragment
    await run.continue_()
    assert run.server is not None
    bodies = [r.body for r in run.server.requests]
    await run.close()
    assert len(bodies) == 3 and bodies[1] is not None
    assert bodies[1]["messages"][-1] == {
        "role": "assistant",
        "content": "Let me check that order.",
    }
    assert str(model.state) == "complete" and model.stop_reason == "end_turn"
    assert model.summary()["tool_inputs"] == [
        {"name": "lookup_order", "input": {"order_id": "A-1042", "include_items": True}}
    ]


async def test_redacted_thinking_is_kept_opaque() -> None:
    run, notes, _, helpers = await replay("redacted-thinking")
    await run.close()
    block = run.annotator.blocks[(0, 1)]
    assert block.type == "redacted_thinking" and block.complete and block.start["data"]
    assert any(n.action is ClientAction.KEEP_OPAQUE for n in notes)
    assert run.annotator.text.startswith("A redacted_thinking block carries encrypted reasoning")
    final = next(h for h in helpers if h.type == "message_stop").message
    assert final.content[1].type == "redacted_thinking"


async def test_mcp_tool_call_streams_its_input_and_runs_nothing_locally() -> None:
    run, notes, said, _ = await replay("mcp-tool")
    assert run.server is not None and len(run.server.requests) == 1
    await run.close()
    call = run.annotator.blocks[(0, 1)]
    assert call.type == "mcp_tool_use" and call.input == {"order_id": "A-1042"}
    assert run.annotator.blocks[(0, 2)].type == "mcp_tool_result"
    assert [n.action for n in notes if n.index == 1 and n.event != "content_block_delta"] == [
        ClientAction.START_JSON,
        ClientAction.PARSE_SERVER_RUNS,
    ]
    assert not said and run.annotator.state == "complete"
    assert run.annotator.summary()["usage"] == {"input_tokens": 651, "output_tokens": 88}
