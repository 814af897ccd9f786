"""What a coded request asks for is its content, not an event (stage "requested")."""


def _coded(doc):
    return {(e["type"], e["source"]["code"], e["target"]["code"] if e["target"] else None, e["status"]) for e in doc["events"]}


def test_the_act_asked_for_under_a_coded_request_is_dropped(extract):
    doc = extract("Tehran urged Washington to halt the airstrikes on Yemen.")
    got = _coded(doc)
    assert ("REQUEST", "IRN", "USA", "asserted") in got, got
    # what is asked stays traceable in the request's evidence, with the status its words give it
    assert any("asks for " in e["evidence"] and "hypothetical" in e["evidence"] for e in doc["events"]), doc["events"]
    assert not any(t in ("SANCTION", "ASSAULT", "RETREAT", "CONCEDE") for t, *_ in got), got
    got = _coded(extract("Beijing told Vilnius to withdraw its ambassador."))
    assert ("REQUEST", "CHN", "LTU", "asserted") in got and not any(t == "RETREAT" for t, *_ in got), got


def test_an_act_still_to_come_with_no_request_stays(extract):
    got = _coded(extract("Russia will withdraw its troops from the border."))
    assert ("RETREAT", "RUS", None, "planned") in got, got
