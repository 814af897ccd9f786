from flashpoint.stages.clean import clean_text


def test_boilerplate_lines_are_removed_whole():
    raw = "Title here\n\nBy Jane Doe | Reuters\n\nRussia massed troops.\n\nShare this article\nRead Full Article\nSource: Wire services\n"
    c = clean_text(raw)
    assert c.title == "Title here"
    # the headline stays in the text as its own segment: it often tells the main event
    assert c.text == "Title here\n\nRussia massed troops."
    reasons = [r["text"] for r in c.removed]
    assert "Share this article" in reasons and "Read Full Article" in reasons and "Source: Wire services" in reasons
    assert any(r.startswith("By Jane Doe") for r in reasons)


def test_a_sentence_that_starts_like_a_byline_is_kept():
    c = clean_text("Headline\n\nBy Sunday, Russian troops had withdrawn from the border.\n")
    assert c.text == "Headline\n\nBy Sunday, Russian troops had withdrawn from the border."


def test_repeated_caption_is_kept_once_and_counted():
    cap = "Satellite images show Russian tanks near Yelnya. (Photo: Maxar)"
    c = clean_text(f"Headline\n\n{cap}\n\nBody text follows here.\n\n{cap}\n\n{cap}\n")
    assert c.text.count("Satellite images") == 1
    start = c.text.index("Satellite")
    assert c.repeat_count(start, start + len(cap)) == 3
    assert sum(r["reason"] == "repeated paragraph" for r in c.removed) == 2


def test_consecutive_repeated_caption_lines():
    c = clean_text("Headline\n\nThe body.\n\nPhoto caption: Migrants gather at the border.\nPhoto caption: Migrants gather at the border.\n")
    assert c.text.count("Migrants gather") == 1


def test_mojibake_is_repaired():
    c = clean_text("Headline\n\nMigrants camped near KuÅºnica and called it â€œstate terrorismâ€\u009d.\n")
    assert "Kuźnica" in c.text and "“state terrorism”" in c.text


def test_damaged_name_is_kept_as_is():
    c = clean_text("Headline\n\nThey reached the Ku\ufffd\ufffdnica crossing.\n")
    assert "Ku\ufffd\ufffdnica" in c.text


def test_wrapped_lines_are_joined_and_bullets_become_sentences():
    c = clean_text("Headline\n\n• Ukraine says Russia massed troops\n• Biden warns Putin\n\nThe talks were held in\nGeneva on Monday.\n")
    assert "Ukraine says Russia massed troops." in c.text
    assert "The talks were held in Geneva on Monday." in c.text
    kinds = [p.kind for p in c.paragraphs]
    assert kinds == ["title", "bullet", "bullet", "body"]


def test_html_lines_are_paragraphs_and_title_repeat_dropped():
    c = clean_text("EU agrees sanctions\nBRUSSELS - The EU agreed sanctions on Wednesday\nSecond paragraph.",
                   title="EU agrees sanctions", lines_are_paragraphs=True)
    # the dateline is its own segment, never the start of the first sentence
    assert c.text.split("\n\n") == ["BRUSSELS", "The EU agreed sanctions on Wednesday", "Second paragraph."]


def test_datelines_and_subheadings_are_their_own_segments():
    c = clean_text("KYIV (Reuters) -Moldovan authorities carried out raids on Monday.\n\nBackground\n"
                   "The vote is on Sunday.\n\nTRIPOLI - Fighting eased.\n", detect_title=False)
    assert c.text.split("\n\n") == ["KYIV (Reuters)", "Moldovan authorities carried out raids on Monday.", "Background",
                                      "The vote is on Sunday.", "TRIPOLI - Fighting eased."]
    assert [p.kind for p in c.paragraphs][:3] == ["dateline", "body", "heading"]


def test_headline_ending_in_a_bracket_is_the_title():
    c = clean_text("Russia launches attack on Ukraine (updated)\n\nRussian forces attacked Ukraine on Thursday.\n")
    assert c.title == "Russia launches attack on Ukraine (updated)"
    assert c.text == "Russia launches attack on Ukraine (updated)\n\nRussian forces attacked Ukraine on Thursday."


def test_markup_left_by_a_scraper_is_removed_but_not_comparisons():
    from flashpoint.stages.clean import _normalise_chars

    out = _normalise_chars("the leader.\n< p>Sunday, at an <strong>emergency</strong> <a href=\"x\">meeting</a>, a < b > c")
    assert "p>" not in out and "<strong>" not in out and "<a" not in out
    assert "Sunday, at an emergency meeting" in out and "a < b > c" in out
