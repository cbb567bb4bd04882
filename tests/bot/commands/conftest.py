"""The knowledge base fixtures (real embedding, temporary Chroma) for the `kb`/`ask` command tests."""

from tests.knowledge.conftest import embeddings, kb, notes_dir

__all__ = ["embeddings", "kb", "notes_dir"]
