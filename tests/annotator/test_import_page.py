from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article


def import_url(project):
    return reverse("import_articles", args=[project.slug])


def upload(name, content):
    return SimpleUploadedFile(name, content.encode(), content_type="text/plain")


def test_owner_sees_the_import_form(client, owen, project):
    client.force_login(owen)
    assert b'type="file"' in client.get(import_url(project)).content


def test_owner_imports_several_files_and_returns_to_the_project(client, owen, project):
    client.force_login(owen)
    files = [
        upload("one.txt", "Headline\n\nA sentence. Another one."),
        upload("more.jsonl", '{"id": "two", "text": "Second article."}\n'),
    ]
    response = client.post(import_url(project), {"files": files})
    assert response.status_code == 303
    assert sorted(Article.objects.values_list("external_id", flat=True)) == ["one", "two"]


def test_project_page_confirms_what_was_imported(client, owen, project):
    client.force_login(owen)
    response = client.post(
        import_url(project),
        {"files": [upload("one.txt", "Headline\n\nA sentence.")]},
        follow=True,
    )
    assert b"Imported 1 article (1 new, 0 updated), 2 sentences." in response.content


def test_a_bad_record_imports_nothing_and_names_file_line_and_field(client, owen, project):
    client.force_login(owen)
    files = [
        upload("good.txt", "Fine."),
        upload("bad.jsonl", '{"id": "a", "text": "Fine."}\n{"id": "b", "text": ""}\n'),
    ]
    response = client.post(import_url(project), {"files": files})
    assert response.status_code == 422
    assert "bad.jsonl line 2: field &#x27;text&#x27; is empty" in response.content.decode()
    assert not Article.objects.exists()


def test_update_replaces_an_existing_article(client, owen, project):
    client.force_login(owen)
    client.post(import_url(project), {"files": [upload("one.txt", "Old text.")]})
    client.post(import_url(project), {"files": [upload("one.txt", "New text.")], "update": "on"})
    assert Article.objects.get(external_id="one").text == "New text."


def test_upload_over_the_limit_is_refused(client, owen, project, settings):
    settings.MAX_IMPORT_UPLOAD_BYTES = 10
    client.force_login(owen)
    response = client.post(import_url(project), {"files": [upload("one.txt", "x" * 11)]})
    assert response.status_code == 422 and b"the upload limit is" in response.content


def test_annotators_cannot_import(client, alice, project):
    client.force_login(alice)
    assert client.get(import_url(project)).status_code == 404


def test_outsiders_cannot_import(client, olga, project):
    client.force_login(olga)
    assert client.post(import_url(project), {"files": [upload("a.txt", "x")]}).status_code == 404


def test_only_owners_see_the_import_link(client, alice, owen, project):
    client.force_login(alice)
    page = reverse("project", args=[project.slug])
    assert import_url(project).encode() not in client.get(page).content
    client.force_login(owen)
    assert import_url(project).encode() in client.get(page).content


SEED_START = "News / Iraq\n\nDrones swarm skies as US sets up base\n\nA sentence."


def test_the_import_page_guesses_the_headline_of_a_txt_file(client, owen, project):
    client.force_login(owen)
    client.post(import_url(project), {"files": [upload("seed.txt", SEED_START)]})
    assert Article.objects.get().title == "Drones swarm skies as US sets up base"


def test_the_import_page_takes_the_title_from_the_line_it_names(client, owen, project):
    client.force_login(owen)
    files = [upload("seed.txt", SEED_START)]
    client.post(import_url(project), {"files": files, "title_line": "1"})
    assert Article.objects.get().title == "News / Iraq"


def test_a_blank_title_line_is_refused_on_the_page(client, owen, project):
    client.force_login(owen)
    files = [upload("seed.txt", SEED_START)]
    response = client.post(import_url(project), {"files": files, "title_line": "2"})
    assert (response.status_code, b"from line 2: it is blank" in response.content) == (422, True)
