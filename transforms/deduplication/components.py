"""Connected components of links: how both deduplications turn pairs into groups.

Story groups (`near_duplicates`) and event clusters (`event_clusters`) link pairs (two
copies of a story, two reports of one happening) and take the connected components
(single linkage), so the result does not depend on the order the pairs arrive in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping


def groups_from_pairs(ids: Iterable[str], pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Connected components of `pairs` over `ids`, each named by its smallest member.

    Exposed so links found in different runs (stored pairs plus new ones) can be regrouped.
    """
    parent: dict[str, str] = {doc_id: doc_id for doc_id in ids}

    def root(doc_id: str) -> str:
        parent.setdefault(doc_id, doc_id)
        while parent[doc_id] != doc_id:
            parent[doc_id] = parent[parent[doc_id]]
            doc_id = parent[doc_id]
        return doc_id

    for first, second in pairs:
        a, b = root(first), root(second)
        if a != b:
            # The smaller id becomes the root, so the root is always the group's minimum.
            parent[max(a, b)] = min(a, b)
    return {doc_id: root(doc_id) for doc_id in sorted(parent)}


def groups_of_several(groups: Mapping[str, str]) -> int:
    """How many groups of a member -> group mapping hold more than one member."""
    return sum(1 for size in Counter(groups.values()).values() if size > 1)
