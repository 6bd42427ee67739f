import pytest
from django.core.management import CommandError, call_command

from claims.models import Article


@pytest.fixture
def articles_jsonl(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text('{"id": "a", "text": "One. Two."}\n{"id": "b", "text": "Three."}\n')
    return path


def test_imports_files_and_prints_a_summary(project, articles_jsonl, tmp_path, capsys):
    (tmp_path / "c.txt").write_text("Headline\n\nFour.\n")
    call_command("import_articles", "iraq", str(articles_jsonl), str(tmp_path / "c.txt"))
    out = capsys.readouterr().out
    assert out.startswith("Imported 3 articles into 'iraq' (3 new, 0 updated) with 5 sentences")


def test_reimport_without_update_is_an_error(project, articles_jsonl):
    call_command("import_articles", "iraq", str(articles_jsonl))
    with pytest.raises(CommandError, match=r"articles.jsonl line 1: article 'a' is already in"):
        call_command("import_articles", "iraq", str(articles_jsonl))


def test_reimport_with_update_replaces_the_articles(project, articles_jsonl, capsys):
    call_command("import_articles", "iraq", str(articles_jsonl))
    call_command("import_articles", "iraq", str(articles_jsonl), "--update")
    assert "(0 new, 2 updated)" in capsys.readouterr().out


def test_a_bad_record_is_a_command_error_naming_file_line_and_field(project, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "Fine."}\n{"text": ""}\n')
    message = r"bad.jsonl line 2: field 'text' is empty\. Nothing was imported\.$"
    with pytest.raises(CommandError, match=message):
        call_command("import_articles", "iraq", str(path))


def test_a_bad_record_imports_nothing(project, articles_jsonl, tmp_path):
    (tmp_path / "bad.csv").write_text("body\nx\n")
    with pytest.raises(CommandError):
        call_command("import_articles", "iraq", str(articles_jsonl), str(tmp_path / "bad.csv"))
    assert Article.objects.count() == 0


def test_an_unknown_project_is_a_command_error(db, articles_jsonl):
    with pytest.raises(CommandError, match="no project with slug 'nowhere'"):
        call_command("import_articles", "nowhere", str(articles_jsonl))


def test_a_missing_file_is_a_command_error(project, tmp_path):
    with pytest.raises(CommandError, match=r"missing.txt: No such file"):
        call_command("import_articles", "iraq", str(tmp_path / "missing.txt"))


def test_no_progress_bar_when_stderr_is_not_a_terminal(project, articles_jsonl, capsys):
    call_command("import_articles", "iraq", str(articles_jsonl))
    assert capsys.readouterr().err == ""
