"""The stored team progress: read back while the data stands still, never after it moved."""

from claims.agreement import cache as agreement_cache
from claims.agreement.selection import AgreementFilters
from claims.annotations import record_label
from claims.team_progress import AGREEMENT_INLINE_LIMIT
from claims.team_progress_cache import stored_team_progress


def test_the_same_state_is_read_back(project, article, labels, alice, django_assert_num_queries):
    stored_team_progress(project=project)
    # Five for the stored figures, one for the claims, which expire by the clock.
    with django_assert_num_queries(6):
        team, ids = stored_team_progress(project=project)
    assert ids == [article.pk]


def test_a_changed_label_is_counted(project, article, labels, alice):
    stored_team_progress(project=project)
    record_label(sentence=article.sentences.first(), annotator=alice, label=labels["claim"])
    team, _ = stored_team_progress(project=project)
    assert {r.username: r.sentences_labelled for r in team.annotators}["alice"] == 1


def test_a_changed_k_is_applied(project, article, labels, alice, bob):
    for sentence in article.sentences.all():
        record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    stored_team_progress(project=project, show="done")
    project.annotators_per_article = 1
    project.save()
    assert stored_team_progress(project=project, show="done")[1] == [article.pk]


def test_agreement_computed_later_is_shown(project, article, labels, alice, bob, monkeypatch):
    # As in a project too big for inline agreement: stored without it, then the agreement
    # page computes the report for the same state.
    monkeypatch.setattr("claims.team_progress.AGREEMENT_INLINE_LIMIT", 0)
    for sentence in article.sentences.all():
        record_label(sentence=sentence, annotator=alice, label=labels["claim"])
        record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    assert AGREEMENT_INLINE_LIMIT > 0 and not stored_team_progress(project=project)[0].has_agreement
    filters = AgreementFilters()
    keys = agreement_cache.keys_for(
        project=project, filters=filters, resamples=agreement_cache.DEFAULT_RESAMPLES, seed=0
    )
    agreement_cache.fill_report(keys=keys, project=project, filters=filters)
    team, _ = stored_team_progress(project=project)
    assert {r.username: r.agreement_with_others for r in team.annotators}["alice"] == 1.0
