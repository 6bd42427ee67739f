"""Flags and send-backs (claims/flags.py): raising, withdrawing, the review queue, sending
back, answering, and the export that keeps their history."""

import csv
import io

import pytest
from django.db import IntegrityError, transaction

from claims import flags
from claims.adjudication import adjudicate
from claims.annotations import record_label
from claims.models import Flag, SendBack
from claims.review_queue import open_disputes, review_rows


def test_a_flag_is_open_until_withdrawn_and_every_comment_stays(sentence, alice):
    first = flags.raise_flag(sentence=sentence, annotator=alice, comment="vague or media?")
    assert flags.raise_flag(sentence=sentence, annotator=alice, comment="vague or media?") == first
    second = flags.raise_flag(sentence=sentence, annotator=alice, comment="  a report: vague?  ")
    assert second.pk != first.pk and second.comment == "a report: vague?"
    first.refresh_from_db()
    assert (first.closed_how, first.closed_by) == ("edited", alice)
    assert flags.open_flag(sentence=sentence, annotator=alice) == second
    assert flags.withdraw_flag(sentence=sentence, annotator=alice) is True
    assert flags.withdraw_flag(sentence=sentence, annotator=alice) is False
    assert flags.open_flag(sentence=sentence, annotator=alice) is None
    hows = list(Flag.objects.order_by("pk").values_list("comment", "closed_how"))
    assert hows == [("vague or media?", "edited"), ("a report: vague?", "withdrawn")]


def test_the_database_keeps_one_open_flag_and_closes_fully(sentence, alice):
    Flag.objects.create(sentence=sentence, annotator=alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(sentence=sentence, annotator=alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.filter(annotator=alice).update(closed_how="withdrawn")  # no closed_at
    with pytest.raises(IntegrityError), transaction.atomic():
        SendBack.objects.create(sentence=sentence, annotator=alice, reviewer=alice, note="")


def test_a_comment_too_long_is_refused_naming_its_length(sentence, alice):
    with pytest.raises(flags.FlagError, match="2001 characters long; at most 2000"):
        flags.raise_flag(sentence=sentence, annotator=alice, comment="x" * 2001)
    assert not Flag.objects.exists()


def test_flagged_sentences_join_the_review_queue_until_decided(
    sentence, article, alice, bob, rita, labels
):
    other = article.sentences.get(position=2)
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    record_label(sentence=sentence, annotator=bob, label=labels["opinion"])  # disputed
    record_label(sentence=other, annotator=alice, label=labels["claim"])
    assert list(open_disputes(project=article.project)) == [sentence]
    flags.raise_flag(sentence=other, annotator=alice, comment="is this an opinion?")
    queue = list(open_disputes(project=article.project))
    assert queue == [sentence, other]  # two labels apart first, then the flagged one
    assert [q.flagged for q in queue] == [False, True]
    (row,) = review_rows(sentences=[queue[1]], labels=list(labels.values()))
    assert [(f.annotator, f.comment) for f in row.flags] == [(alice, "is this an opinion?")]
    adjudicate(sentence=other, label=labels["claim"], by=rita)
    assert list(open_disputes(project=article.project)) == [sentence]
    assert Flag.objects.get().closed_how == "decided"
    # A flag raised after the decision questions it: the sentence is back in the queue.
    flags.raise_flag(sentence=other, annotator=bob)
    assert other in open_disputes(project=article.project)


def test_sending_back_needs_a_reviewer_a_note_and_the_annotators_work(
    sentence, alice, bob, rita, labels
):
    with pytest.raises(flags.FlagError, match="neither labelled nor flagged"):
        flags.send_back(sentence=sentence, annotator=alice, reviewer=rita, note="look again")
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    with pytest.raises(flags.FlagError, match="bob is not a reviewer"):
        flags.send_back(sentence=sentence, annotator=alice, reviewer=bob, note="look again")
    with pytest.raises(flags.FlagError, match="write a note"):
        flags.send_back(sentence=sentence, annotator=alice, reviewer=rita, note="  ")
    flags.send_back(sentence=sentence, annotator=alice, reviewer=rita, note="who says it?")
    with pytest.raises(flags.FlagError, match="already sent back to alice"):
        flags.send_back(sentence=sentence, annotator=alice, reviewer=rita, note="again")
    assert SendBack.objects.count() == 1


def test_a_send_back_closes_the_flag_and_a_new_label_answers_it(
    sentence, article, alice, rita, labels
):
    flags.raise_flag(sentence=sentence, annotator=alice, comment="unsure")  # no label yet
    sent = flags.send_back(sentence=sentence, annotator=alice, reviewer=rita, note="attribution")
    assert sent.revision is None
    assert Flag.objects.get().closed_how == "sent_back"
    waiting = flags.sent_back_to(annotator=alice, project=article.project)
    assert [(s.pk, s.sentence_text) for s in waiting] == [(sent.pk, sentence.article.text[30:87])]
    record_label(sentence=sentence, annotator=alice, label=labels["attribution"])
    assert not flags.sent_back_to(annotator=alice, project=article.project).exists()
    # Sent back again on the new revision: only a newer one, or keeping it, answers.
    again = flags.send_back(sentence=sentence, annotator=alice, reviewer=rita, note="sure?")
    assert flags.sent_back_to(annotator=alice, project=article.project).get() == again
    assert flags.keep_label(send_back=again, annotator=alice) is True
    assert flags.keep_label(send_back=again, annotator=alice) is False
    assert not flags.sent_back_to(annotator=alice, project=article.project).exists()


def test_the_annotate_rows_carry_the_flag_and_the_note(sentence, article, alice, bob, rita, labels):
    from claims.queries import label_target, sentence_rows

    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    flags.raise_flag(sentence=sentence, annotator=alice, comment="")
    other = article.sentences.get(position=2)
    record_label(sentence=other, annotator=alice, label=labels["claim"])
    flags.send_back(sentence=other, annotator=alice, reviewer=rita, note="a vague source?")
    rows = {row.sentence.position: row for row in sentence_rows(article=article, annotator=alice)}
    assert (rows[1].flag, rows[1].sent_back) == ("", None)
    assert (rows[2].flag, rows[2].sent_back) == (None, "a vague source?")
    # Blind to others: bob sees neither alice's flag nor her send-back.
    assert all(
        (row.flag, row.sent_back) == (None, None)
        for row in sentence_rows(article=article, annotator=bob)
    )
    target = label_target(user=alice, sentence_id=other.pk, label_key="claim")
    assert target is not None and (target.flag, target.sent_back) == (None, "a vague source?")


def test_the_export_lists_every_flag_and_send_back_with_its_state(
    sentence, article, alice, bob, rita, labels
):
    flags.raise_flag(sentence=sentence, annotator=alice, comment="=HYPERLINK(1)")
    flags.raise_flag(sentence=sentence, annotator=alice, comment="second thoughts")
    record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    flags.send_back(sentence=sentence, annotator=bob, reviewer=rita, note="why a claim?")
    out = io.StringIO()
    flags.write_flags_csv(flags.flag_rows(project=article.project), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(flags.FLAG_COLUMNS)
    assert [(r["type"], r["by"], r["text"], r["state"]) for r in rows] == [
        ("flag", "alice", "'=HYPERLINK(1)", "edited"),  # a formula is quoted
        ("flag", "alice", "second thoughts", "open"),
        ("send_back", "rita", "why a claim?", "open"),
    ]
    assert rows[0]["sentence_text"] == sentence.article.text[sentence.start : sentence.end]
    record_label(sentence=sentence, annotator=bob, label=labels["opinion"])
    out = io.StringIO()
    flags.write_flags_csv(flags.flag_rows(project=article.project), out)
    last = list(csv.DictReader(io.StringIO(out.getvalue())))[-1]
    assert (last["state"], last["closed_by"]) == ("answered", "bob") and last["closed_at"]
