"""Directives takes over the meeting and task tables of `grassroots` as they are (no row is
copied), and adds their history tables."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


# The models this app took over from `grassroots` (their tables were kept as they were).
MODELS = ['meeting', 'task', 'taskupdate']


def move_content_types(apps, schema_editor):
    """Admin history rows and permissions follow the models to their new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="grassroots", model__in=MODELS).update(app_label='directives')


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label='directives', model__in=MODELS).update(app_label="grassroots")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ('geo', '0002_load_administrative_units'),
        ('grassroots', '0002_topics_and_categories'),
        ('orgs', '0002_role_history_and_notices'),
        ('orgs', '__first__'),
    ]

    operations = [
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Meeting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('title', models.CharField(max_length=250, verbose_name='tên hội nghị')),
                        ('held_on', models.DateField(verbose_name='ngày họp')),
                        ('chair', models.CharField(max_length=250, verbose_name='người chủ trì')),
                        ('period', models.CharField(max_length=8, verbose_name='kỳ giao ban')),
                        ('conclusions', models.TextField(blank=True, verbose_name='kết luận của người chủ trì')),
                        ('attending', models.ManyToManyField(blank=True, related_name='attended', to='orgs.organization', verbose_name='cơ quan dự')),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='meetings', to='orgs.organization', verbose_name='cơ quan chủ trì')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.adminunit', verbose_name='cấp')),
                    ],
                    options={
                        'verbose_name': 'hội nghị',
                        'verbose_name_plural': 'hội nghị',
                        'db_table': 'grassroots_meeting',
                        'ordering': ['-held_on'],
                    },
                ),
                migrations.CreateModel(
                    name='Task',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('title', models.TextField(verbose_name='nhiệm vụ')),
                        ('deadline', models.DateField(verbose_name='hạn')),
                        ('done_on', models.DateField(blank=True, null=True, verbose_name='ngày hoàn thành')),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tasks', to='directives.meeting', verbose_name='hội nghị')),
                        ('owners', models.ManyToManyField(related_name='tasks', to='orgs.organization', verbose_name='cơ quan thực hiện')),
                    ],
                    options={
                        'verbose_name': 'nhiệm vụ',
                        'verbose_name_plural': 'nhiệm vụ',
                        'db_table': 'grassroots_task',
                        'ordering': ['deadline', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='TaskUpdate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('percent', models.PositiveSmallIntegerField(default=0, verbose_name='tỉ lệ (%)')),
                        ('text', models.TextField(verbose_name='kết quả thực hiện')),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organization')),
                        ('task', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='directives.task')),
                        ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'grassroots_taskupdate',
                        'ordering': ['at', 'pk'],
                    },
                ),
            ],
        ),
        migrations.CreateModel(
            name='HistoricalMeeting',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('title', models.CharField(max_length=250, verbose_name='tên hội nghị')),
                ('held_on', models.DateField(verbose_name='ngày họp')),
                ('chair', models.CharField(max_length=250, verbose_name='người chủ trì')),
                ('period', models.CharField(max_length=8, verbose_name='kỳ giao ban')),
                ('conclusions', models.TextField(blank=True, verbose_name='kết luận của người chủ trì')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='orgs.organization', verbose_name='cơ quan chủ trì')),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='geo.adminunit', verbose_name='cấp')),
            ],
            options={
                'verbose_name': 'historical hội nghị',
                'verbose_name_plural': 'historical hội nghị',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalTask',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('title', models.TextField(verbose_name='nhiệm vụ')),
                ('deadline', models.DateField(verbose_name='hạn')),
                ('done_on', models.DateField(blank=True, null=True, verbose_name='ngày hoàn thành')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('meeting', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directives.meeting', verbose_name='hội nghị')),
            ],
            options={
                'verbose_name': 'historical nhiệm vụ',
                'verbose_name_plural': 'historical nhiệm vụ',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
