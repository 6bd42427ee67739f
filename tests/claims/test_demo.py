import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from claims.demo import DEMO_ACCOUNTS, seed_demo


def test_demo_has_the_seed_article_split_into_28_sentences(db):
    project = seed_demo()
    assert [article.sentences.count() for article in project.articles.all()] == [28]


def test_demo_accounts_can_log_in_with_the_printed_passwords(client, db):
    seed_demo()
    alice = DEMO_ACCOUNTS[0]
    # Through the login page: the login throttle needs the request, which client.login
    # does not pass to authenticate().
    client.post("/login/", {"username": alice.username, "password": alice.password})
    assert client.session["_auth_user_id"]


def test_running_the_demo_twice_changes_nothing(db):
    first = seed_demo()
    second = seed_demo()
    assert (second.pk, second.articles.count(), second.memberships.count()) == (first.pk, 1, 4)


def test_command_prints_every_account_with_its_password(db, settings, capsys):
    settings.DEBUG = True  # the test runner turns it off
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert all(f"{a.username}" in out and a.password in out for a in DEMO_ACCOUNTS)


def test_command_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")


def test_the_demo_owner_is_no_superuser(db):
    seed_demo()
    owen = User.objects.get(username="owen")
    assert not owen.is_superuser and not owen.is_staff
