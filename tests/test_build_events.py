"""The hooks that work around mkdocs-static-i18n depend on where MkDocs runs them among the
plugins' handlers of the same event. A new release of a plugin that moves its priority fails
here, by name, rather than as a broken page somewhere in the built site."""

import os

import pytest
from mkdocs.config import load_config

from site_tools.markdown_blocks import ROOT


@pytest.fixture(scope="module")
def events():
    """Event name -> names of its handlers in the order MkDocs runs them (``i18n`` for the
    plugin, the file name for a hook)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(ROOT / "mkdocs.yml"))
    names = {id(plugin): name for name, plugin in config.plugins.items()}

    def name(method):
        owner = getattr(method, "__self__", None)
        return names[id(owner)] if owner is not None else method.__module__

    return {event: [name(m) for m in methods] for event, methods in config.plugins.events.items()}


def _before(order: list[str], first: str, then: str) -> bool:
    return order.index(first) < order.index(then)


def test_notebooks_are_marked_as_pages_after_i18n_rebuilds_the_files(events):
    # hooks/notebooks.py: i18n's on_files makes plain File objects of mkdocs-jupyter's
    # notebooks; marking them before that would be undone (notebooks published as JSON)
    assert _before(events["files"], "mkdocs-jupyter", "i18n")
    assert _before(events["files"], "i18n", "hooks/notebooks.py")


def test_404_pages_are_saved_before_i18n_builds_the_next_language(events):
    # hooks/not_found.py keeps the default language's 404 page, which the next build overwrites
    assert _before(events["post_build"], "hooks/not_found.py", "i18n")


def test_search_index_is_split_after_every_language_is_built(events):
    # hooks/search_index.py splits an index that i18n's on_post_build fills
    assert _before(events["post_build"], "i18n", "hooks/search_index.py")
    assert _before(events["post_build"], "material/search", "hooks/search_index.py")
