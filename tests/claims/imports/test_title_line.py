"""The title of an imported .txt file: the guessed headline, or the line asked for."""

import io

import pytest

from claims.demo import SEED_ARTICLE
from claims.imports.articles import ArticleFormatError, import_files
from claims.imports.tasks import submit_import
from claims.models import Article

pytestmark = pytest.mark.django_db

SEED_HEADLINE = "Drones, helicopter gunships swarm skies as US sets up new base in Iraq"


def import_seed(project, **options):
    content = SEED_ARTICLE.read_bytes()  # it opens with the breadcrumb "News / Iraq"
    import_files(project=project, files=[(SEED_ARTICLE.name, io.BytesIO(content))], **options)
    return Article.objects.get(project=project)


def test_the_seed_article_is_titled_by_its_headline_not_its_breadcrumb(project):
    assert import_seed(project).title == SEED_HEADLINE


def test_a_named_title_line_overrides_the_guess(project):
    assert import_seed(project, title_line=1).title == "News / Iraq"


def test_a_title_line_past_the_end_imports_nothing_and_says_so(project):
    with pytest.raises(ArticleFormatError, match=r"^presstv_us_base_iraq.txt: cannot take the"):
        import_seed(project, title_line=500)
    assert not Article.objects.exists()


def test_a_title_line_leaves_jsonl_titles_alone(project):
    jsonl = io.BytesIO(b'{"id": "a", "text": "One.\\nTwo.", "title": "Given"}\n')
    import_files(project=project, files=[("a.jsonl", jsonl)], title_line=2)
    assert Article.objects.get().title == "Given"


def test_a_background_import_keeps_the_title_line(project, owen):
    files = [("seed.txt", io.BytesIO(SEED_ARTICLE.read_bytes()))]
    submit_import(project=project, files=files, update=False, by=owen, title_line=3)
    assert Article.objects.get().title == SEED_HEADLINE
