"""``Store.advocates_among``: one batched question, the same answer as asking per person."""

from __future__ import annotations

from graph.model import Advocacy, AdvocacyLevel, Company, Person


def test_advocates_among_equals_asking_each_person(store):
    store.create_node(Company(id="acme", name="Acme"))
    store.create_node(Company(id="globex", name="Globex"))
    for pid in ("alice", "bob", "carol", "dave"):
        store.create_node(Person(id=pid, name=pid.title()))
    store.set_advocacy(Advocacy("alice", "acme", AdvocacyLevel.CHAMPION))
    store.set_advocacy(Advocacy("alice", "globex", AdvocacyLevel.PROMOTER))
    store.set_advocacy(Advocacy("carol", "globex", AdvocacyLevel.REFERENCE))
    store.set_advocacy(Advocacy("dave", "acme", AdvocacyLevel.PROMOTER))
    store.remove_advocacy("dave", "acme")

    asked = ["alice", "bob", "carol", "dave", "nobody"]
    one_by_one = {pid for pid in asked if store.advocacies(person_id=pid)}
    assert store.advocates_among(asked) == one_by_one == {"alice", "carol"}
    assert store.advocates_among(["carol", "carol"]) == {"carol"}
    assert store.advocates_among([]) == set()
