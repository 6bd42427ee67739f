"""Settings for running a project as a team, and versioned guidelines.

`labels_per_sentence` becomes `annotators_per_article` (k): the queue hands each article to
k annotators, and a sentence still needs k labels for automatic gold, so existing projects
keep their meaning. Each project's guidelines become its version 1, and every revision so
far is taken to have been made under it (it was the only one).

Annotation gains a nullable column with no default, which SQLite adds in place: the
table is not rebuilt, so the triggers of migrations 0006 and 0009 on it stay.
"""

import datetime

import django.db.models.deletion
import django.db.models.functions.datetime
from django.conf import settings
from django.db import migrations, models


def first_versions(apps, schema_editor):
    Project = apps.get_model("claims", "Project")
    GuidelineVersion = apps.get_model("claims", "GuidelineVersion")
    Annotation = apps.get_model("claims", "Annotation")
    GuidelineVersion.objects.bulk_create(
        GuidelineVersion(project_id=pk, number=1, text=text)
        for pk, text in Project.objects.values_list("pk", "guidelines")
    )
    Annotation.objects.update(guideline_version=1)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0009_article_progress"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="project", name="project_labels_per_sentence_positive"
        ),
        migrations.RenameField(
            model_name="project", old_name="labels_per_sentence", new_name="annotators_per_article"
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
                condition=models.Q(annotators_per_article__gte=1),
                name="project_annotators_per_article_positive",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="guideline_version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="project",
            name="queue_order",
            field=models.CharField(
                choices=[
                    ("project", "In project order"),
                    ("random", "In a random order fixed by the seed"),
                ],
                default="project",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="queue_seed",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="project",
            name="claim_expiry",
            field=models.DurationField(default=datetime.timedelta(days=2)),
        ),
        migrations.AddField(
            model_name="project",
            name="blind",
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name="project",
            name="double_coded_percent",
            field=models.PositiveSmallIntegerField(default=100),
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
                condition=models.Q(queue_order__in=["project", "random"]),
                name="project_queue_order_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
                condition=models.Q(double_coded_percent__lte=100),
                name="project_double_coded_percent_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
                condition=models.Q(guideline_version__gte=1),
                name="project_guideline_version_positive",
            ),
        ),
        migrations.CreateModel(
            name="GuidelineVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField()),
                ("text", models.TextField(blank=True)),
                (
                    "created_at",
                    models.DateTimeField(db_default=django.db.models.functions.datetime.Now()),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="guideline_versions",
                        to="claims.project",
                    ),
                ),
            ],
            options={
                "ordering": ["project", "number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("project", "number"), name="guidelineversion_number_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(number__gte=1),
                        name="guidelineversion_number_positive",
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="annotation",
            name="guideline_version",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(first_versions, migrations.RunPython.noop),
    ]
