"""Outreach takes over the propaganda and drive tables of `grassroots` as they are (no row is
copied), and adds their history tables."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


# The models this app took over from `grassroots` (their tables were kept as they were).
MODELS = ['drive', 'milestone', 'progress', 'propagandasession', 'topic']


def move_content_types(apps, schema_editor):
    """Admin history rows and permissions follow the models to their new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="grassroots", model__in=MODELS).update(app_label='outreach')


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label='outreach', model__in=MODELS).update(app_label="grassroots")


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
                    name='Topic',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(unique=True, verbose_name='mã')),
                        ('name', models.CharField(max_length=200, verbose_name='tên')),
                        ('active', models.BooleanField(default=True, verbose_name='đang dùng')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                    ],
                    options={
                        'verbose_name': 'chủ đề',
                        'verbose_name_plural': 'chủ đề',
                        'db_table': 'grassroots_topic',
                        'ordering': ['order', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='Drive',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='tên')),
                        ('starts_on', models.DateField(verbose_name='bắt đầu')),
                        ('ends_on', models.DateField(verbose_name='kết thúc')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.adminunit', verbose_name='phạm vi (tỉnh)')),
                    ],
                    options={
                        'verbose_name': 'đợt vận động',
                        'verbose_name_plural': 'đợt vận động',
                        'db_table': 'grassroots_drive',
                        'ordering': ['-starts_on'],
                    },
                ),
                migrations.CreateModel(
                    name='Milestone',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='mốc')),
                        ('due_on', models.DateField(verbose_name='hạn')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                        ('drive', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='milestones', to='outreach.drive')),
                    ],
                    options={
                        'verbose_name': 'mốc công việc',
                        'verbose_name_plural': 'mốc công việc',
                        'db_table': 'grassroots_milestone',
                        'ordering': ['order', 'due_on'],
                    },
                ),
                migrations.CreateModel(
                    name='Progress',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('percent', models.PositiveSmallIntegerField(default=0, verbose_name='tỉ lệ hoàn thành (%)')),
                        ('note', models.TextField(blank=True, verbose_name='ghi chú')),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('milestone', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='progress', to='outreach.milestone')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.adminunit')),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'tiến độ',
                        'verbose_name_plural': 'tiến độ',
                        'db_table': 'grassroots_progress',
                        'constraints': [models.UniqueConstraint(fields=('milestone', 'unit'), name='grassroots_progress_once'), models.CheckConstraint(condition=models.Q(('percent__lte', 100)), name='grassroots_progress_percent')],
                    },
                ),
                migrations.CreateModel(
                    name='PropagandaSession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('held_on', models.DateField(verbose_name='ngày')),
                        ('village', models.CharField(blank=True, max_length=120, verbose_name='thôn, buôn')),
                        ('format', models.CharField(choices=[('meeting', 'Hội nghị, họp dân'), ('loudspeaker', 'Loa truyền thanh'), ('leaflets', 'Tờ rơi, pa nô, khẩu hiệu'), ('social', 'Mạng xã hội, nhóm Zalo'), ('home_visit', 'Đến từng nhà'), ('cultural', 'Văn nghệ, sinh hoạt cộng đồng'), ('other', 'Khác')], max_length=20, verbose_name='hình thức')),
                        ('audience', models.PositiveIntegerField(verbose_name='số người dự')),
                        ('language', models.CharField(choices=[('vi', 'Tiếng Việt'), ('ede', 'Tiếng Êđê'), ('mnong', "Tiếng M'nông"), ('jrai', 'Tiếng Jrai'), ('other', 'Tiếng dân tộc khác')], default='vi', max_length=10, verbose_name='ngôn ngữ')),
                        ('in_key_area', models.BooleanField(default=False, verbose_name='tại địa bàn trọng điểm')),
                        ('note', models.TextField(blank=True, verbose_name='ghi chú')),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sessions', to='orgs.organization', verbose_name='tổ chức')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.adminunit', verbose_name='xã')),
                        ('topics', models.ManyToManyField(related_name='sessions', to='outreach.topic', verbose_name='chủ đề')),
                    ],
                    options={
                        'verbose_name': 'buổi tuyên truyền',
                        'verbose_name_plural': 'buổi tuyên truyền',
                        'db_table': 'grassroots_propagandasession',
                        'ordering': ['-held_on', '-pk'],
                        'indexes': [models.Index(fields=['held_on'], name='grassroots__held_on_63f96e_idx')],
                    },
                ),
            ],
        ),
        migrations.CreateModel(
            name='HistoricalDrive',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='tên')),
                ('starts_on', models.DateField(verbose_name='bắt đầu')),
                ('ends_on', models.DateField(verbose_name='kết thúc')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='geo.adminunit', verbose_name='phạm vi (tỉnh)')),
            ],
            options={
                'verbose_name': 'historical đợt vận động',
                'verbose_name_plural': 'historical đợt vận động',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalMilestone',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='mốc')),
                ('due_on', models.DateField(verbose_name='hạn')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('drive', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='outreach.drive')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical mốc công việc',
                'verbose_name_plural': 'historical mốc công việc',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPropagandaSession',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('held_on', models.DateField(verbose_name='ngày')),
                ('village', models.CharField(blank=True, max_length=120, verbose_name='thôn, buôn')),
                ('format', models.CharField(choices=[('meeting', 'Hội nghị, họp dân'), ('loudspeaker', 'Loa truyền thanh'), ('leaflets', 'Tờ rơi, pa nô, khẩu hiệu'), ('social', 'Mạng xã hội, nhóm Zalo'), ('home_visit', 'Đến từng nhà'), ('cultural', 'Văn nghệ, sinh hoạt cộng đồng'), ('other', 'Khác')], max_length=20, verbose_name='hình thức')),
                ('audience', models.PositiveIntegerField(verbose_name='số người dự')),
                ('language', models.CharField(choices=[('vi', 'Tiếng Việt'), ('ede', 'Tiếng Êđê'), ('mnong', "Tiếng M'nông"), ('jrai', 'Tiếng Jrai'), ('other', 'Tiếng dân tộc khác')], default='vi', max_length=10, verbose_name='ngôn ngữ')),
                ('in_key_area', models.BooleanField(default=False, verbose_name='tại địa bàn trọng điểm')),
                ('note', models.TextField(blank=True, verbose_name='ghi chú')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='orgs.organization', verbose_name='tổ chức')),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='geo.adminunit', verbose_name='xã')),
            ],
            options={
                'verbose_name': 'historical buổi tuyên truyền',
                'verbose_name_plural': 'historical buổi tuyên truyền',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalTopic',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.SlugField(verbose_name='mã')),
                ('name', models.CharField(max_length=200, verbose_name='tên')),
                ('active', models.BooleanField(default=True, verbose_name='đang dùng')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical chủ đề',
                'verbose_name_plural': 'historical chủ đề',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalProgress',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('percent', models.PositiveSmallIntegerField(default=0, verbose_name='tỉ lệ hoàn thành (%)')),
                ('note', models.TextField(blank=True, verbose_name='ghi chú')),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='geo.adminunit')),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('milestone', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='outreach.milestone')),
            ],
            options={
                'verbose_name': 'historical tiến độ',
                'verbose_name_plural': 'historical tiến độ',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
