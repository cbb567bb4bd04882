"""The LLM path, end to end through LangChain: `init_chat_model("openai:…")` with the real langchain-openai
client pointed at a small stdlib fake of the OpenAI API on loopback (port 0). The fake records every
request, so the tests see exactly what the model was given.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from knowledge.llm import make_writer
from knowledge.service import KnowledgeBase
from knowledge.store import make_client
from prompts.knowledge import NOT_COVERED_MARK
from tests.knowledge.conftest import MemoEmbeddings, build_kb


class FakeOpenAI(ThreadingHTTPServer):
    """POST /v1/chat/completions answers with the queued reply and keeps the request bodies."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict[str, Any]] = []
        self.reply = "OK"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class _Handler(BaseHTTPRequestHandler):
    server: FakeOpenAI

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        self.server.requests.append({"path": self.path, "body": body})
        if self.path != "/v1/chat/completions":
            self.send_error(404)
            return
        payload = json.dumps({
            "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": body.get("model"),
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": self.server.reply}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def llm_kb(tmp_path: Path, embeddings: MemoEmbeddings, notes_dir: Path, fake_openai: FakeOpenAI,
           monkeypatch: pytest.MonkeyPatch) -> KnowledgeBase:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    writer = make_writer("openai:gpt-test", base_url=fake_openai.base_url, api_key="test-key", max_retries=0)
    return build_kb(make_client(path=tmp_path / "chroma"), embeddings, notes_dir, tmp_path, writer=writer)


def _user_message(request: dict[str, Any]) -> str:
    return next(m["content"] for m in request["body"]["messages"] if m["role"] == "user")


def test_a_generated_answer_is_grounded_marked_and_cited(llm_kb: KnowledgeBase, fake_openai: FakeOpenAI) -> None:
    fake_openai.reply = "Build it from interviews and surveys [1]."
    answer = llm_kb.ask("How do we build a persona?")
    assert answer.covered and answer.generated
    assert "Generated" in answer.answer and "Build it from interviews and surveys [1]." in answer.answer
    assert answer.sources == ("Building a persona",)
    assert "[1] Building a persona" in answer.answer
    # The model was given the question and the retrieved passages, numbered, with their titles.
    [request] = fake_openai.requests
    assert request["path"] == "/v1/chat/completions" and request["body"]["model"] == "gpt-test"
    prompt = _user_message(request)
    assert "How do we build a persona?" in prompt
    assert "[1] (Building a persona)" in prompt and "customer interviews and surveys" in prompt


def test_the_model_saying_not_covered_gives_a_not_covered_answer(llm_kb: KnowledgeBase,
                                                                 fake_openai: FakeOpenAI) -> None:
    fake_openai.reply = NOT_COVERED_MARK
    answer = llm_kb.ask("ペルソナはどうやって作る?")
    assert not answer.covered and not answer.generated
    assert answer.answer.startswith("この質問に答える内容は")
    assert "日本語" in next(m["content"] for m in fake_openai.requests[0]["body"]["messages"] if m["role"] == "system")


def test_questions_outside_the_notes_never_reach_the_model(llm_kb: KnowledgeBase, fake_openai: FakeOpenAI) -> None:
    answer = llm_kb.ask("How do I configure Salesforce Journey Builder?")
    assert not answer.covered and fake_openai.requests == []
