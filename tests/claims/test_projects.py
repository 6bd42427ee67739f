import pytest

from claims import queries
from claims.projects import ProjectError, create_project, may_review


def test_new_project_gets_the_default_scheme_with_hotkeys_in_order(db):
    project = create_project(name="Demo")
    assert [(label.key, label.hotkey) for label in project.labels.all()] == [
        ("claim", 1),
        ("attribution", 2),
        ("opinion", 3),
        ("other", 4),
    ]


def test_default_labels_keep_their_definitions(db):
    project = create_project(name="Demo", labels=["opinion", "rumour"])
    opinion, rumour = project.labels.all()
    assert opinion.description.startswith("Judgement") and rumour.description == ""


def test_slug_is_unique(db):
    create_project(name="Demo")
    with pytest.raises(ProjectError, match="exists already"):
        create_project(name="Demo")


def test_repeated_label_keys_are_refused(db):
    with pytest.raises(ProjectError, match="repeat"):
        create_project(name="Demo", labels=["claim", "Claim"])


def test_guidelines_quote_an_example_for_each_label(db):
    project = create_project(name="Demo")
    assert project.guidelines.count("Example:") == 4


@pytest.mark.parametrize(
    ("person", "reviews"), [("owen", True), ("rita", True), ("alice", False), ("olga", False)]
)
def test_reviewers_and_owners_review_and_nobody_else(project, olga, person, reviews, request):
    user = request.getfixturevalue(person)
    assert may_review(user=user, project_id=project.pk) is reviews


@pytest.mark.parametrize(("person", "reviews"), [("owen", True), ("rita", True), ("alice", False)])
def test_each_project_says_whether_its_member_reviews_it(project, person, reviews, request):
    user = request.getfixturevalue(person)
    assert queries.projects_for(user).get(pk=project.pk).is_reviewer is reviews
