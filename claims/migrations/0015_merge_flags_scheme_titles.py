# Three branches of work each added a 0014: flags, the scheme's hidden rows, and the
# import's title line.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0014_flags_and_send_backs"),
        ("claims", "0014_scheme_hidden"),
        ("claims", "0014_import_job_title_line"),
    ]

    operations = []
