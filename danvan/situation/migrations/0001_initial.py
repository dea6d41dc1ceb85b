"""Situation takes over the key-area, incident, note and recommendation tables of `grassroots`
as they are (no row is copied), and adds their history tables."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


# The models this app took over from `grassroots` (their tables were kept as they were).
MODELS = ['incident', 'incidentcategory', 'incidentupdate', 'keyarea', 'recommendation', 'situationnote']


def move_content_types(apps, schema_editor):
    """Admin history rows and permissions follow the models to their new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="grassroots", model__in=MODELS).update(app_label='situation')


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label='situation', model__in=MODELS).update(app_label="grassroots")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ('geo', '0002_load_administrative_units'),
        ('grassroots', '0002_topics_and_categories'),
        ('orgs', '0002_role_history_and_notices'),
        ('orgs', '__first__'),
        ('outreach', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='IncidentCategory',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(unique=True, verbose_name='mã')),
                        ('name', models.CharField(max_length=200, verbose_name='tên')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                    ],
                    options={
                        'verbose_name': 'loại vụ việc',
                        'verbose_name_plural': 'loại vụ việc',
                        'db_table': 'grassroots_incidentcategory',
                        'ordering': ['order', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='Incident',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('title', models.CharField(max_length=250, verbose_name='tên vụ việc')),
                        ('place', models.CharField(blank=True, max_length=250, verbose_name='địa điểm')),
                        ('occurred_on', models.DateField(verbose_name='ngày xảy ra')),
                        ('reported_on', models.DateField(verbose_name='ngày nắm được')),
                        ('severity', models.CharField(choices=[('ordinary', 'Thông thường'), ('complicated', 'Phức tạp'), ('hot', 'Nóng')], default='ordinary', max_length=20, verbose_name='tính chất')),
                        ('status', models.CharField(choices=[('new', 'Mới phát sinh'), ('handling', 'Đang giải quyết'), ('resolved', 'Đã giải quyết xong'), ('referred', 'Đã chuyển cơ quan chức năng'), ('recurring', 'Tái phát')], default='new', max_length=20, verbose_name='tình trạng')),
                        ('deadline', models.DateField(blank=True, null=True, verbose_name='hạn giải quyết')),
                        ('summary', models.TextField(blank=True, verbose_name='diễn biến ban đầu')),
                        ('confidential', models.BooleanField(default=False, verbose_name='mật')),
                        ('visible_to', models.CharField(blank=True, max_length=120, verbose_name='vai trò được xem (khi mật)')),
                        ('last_update_on', models.DateField(verbose_name='cập nhật gần nhất')),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organizations', models.ManyToManyField(blank=True, related_name='incidents', to='orgs.organization', verbose_name='tổ chức tham gia')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='incidents', to='geo.adminunit', verbose_name='xã, phường')),
                        ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='incidents', to='situation.incidentcategory', verbose_name='loại')),
                    ],
                    options={
                        'verbose_name': 'vụ việc',
                        'verbose_name_plural': 'vụ việc',
                        'db_table': 'grassroots_incident',
                        'ordering': ['-reported_on', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='IncidentUpdate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('on', models.DateField(verbose_name='ngày')),
                        ('at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('text', models.TextField(verbose_name='nội dung')),
                        ('status_from', models.CharField(blank=True, max_length=20)),
                        ('status_to', models.CharField(blank=True, max_length=20)),
                        ('incident', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='situation.incident')),
                        ('organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='orgs.organization')),
                        ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'grassroots_incidentupdate',
                        'ordering': ['on', 'at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='KeyArea',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.TextField(verbose_name='lý do')),
                        ('valid_from', models.DateField(verbose_name='từ ngày')),
                        ('valid_to', models.DateField(blank=True, null=True, verbose_name='đến ngày')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='key_areas', to='geo.adminunit', verbose_name='địa bàn')),
                    ],
                    options={
                        'verbose_name': 'địa bàn trọng điểm',
                        'verbose_name_plural': 'địa bàn trọng điểm',
                        'db_table': 'grassroots_keyarea',
                        'ordering': ['unit__sort_name'],
                    },
                ),
                migrations.CreateModel(
                    name='SituationNote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('period', models.CharField(max_length=8, verbose_name='kỳ')),
                        ('text', models.TextField(verbose_name='nội dung')),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='situation_notes', to='orgs.organization', verbose_name='tổ chức')),
                        ('topics', models.ManyToManyField(related_name='notes', to='outreach.topic', verbose_name='chủ đề')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.adminunit', verbose_name='địa bàn')),
                    ],
                    options={
                        'verbose_name': 'tình hình tư tưởng, dư luận',
                        'verbose_name_plural': 'tình hình tư tưởng, dư luận',
                        'db_table': 'grassroots_situationnote',
                        'ordering': ['unit__sort_name', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Recommendation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('addressee', models.CharField(choices=[('party', 'Cấp ủy'), ('government', 'Chính quyền'), ('both', 'Cấp ủy và chính quyền')], max_length=20, verbose_name='gửi')),
                        ('addressee_name', models.CharField(blank=True, max_length=200, verbose_name='cơ quan nhận')),
                        ('sent_on', models.DateField(verbose_name='ngày gửi')),
                        ('text', models.TextField(verbose_name='nội dung tham mưu, đề xuất')),
                        ('answer', models.TextField(blank=True, verbose_name='trả lời')),
                        ('answered_on', models.DateField(blank=True, null=True, verbose_name='ngày trả lời')),
                        ('status', models.CharField(choices=[('sent', 'Đã gửi, chờ trả lời'), ('answered', 'Đã được trả lời'), ('done', 'Đã được tiếp thu, thực hiện')], default='sent', max_length=20, verbose_name='tình trạng')),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('incidents', models.ManyToManyField(blank=True, to='situation.incident', verbose_name='vụ việc liên quan')),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='recommendations', to='orgs.organization', verbose_name='tổ chức')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.adminunit', verbose_name='cấp')),
                        ('notes', models.ManyToManyField(blank=True, to='situation.situationnote', verbose_name='tình hình liên quan')),
                    ],
                    options={
                        'verbose_name': 'tham mưu, đề xuất',
                        'verbose_name_plural': 'tham mưu, đề xuất',
                        'db_table': 'grassroots_recommendation',
                        'ordering': ['-sent_on', '-pk'],
                    },
                ),
                migrations.AddIndex(
                    model_name='incident',
                    index=models.Index(fields=['status', 'last_update_on'], name='grassroots__status_2c6b94_idx'),
                ),
            ],
        ),
        migrations.CreateModel(
            name='HistoricalIncidentCategory',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.SlugField(verbose_name='mã')),
                ('name', models.CharField(max_length=200, verbose_name='tên')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical loại vụ việc',
                'verbose_name_plural': 'historical loại vụ việc',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalKeyArea',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('reason', models.TextField(verbose_name='lý do')),
                ('valid_from', models.DateField(verbose_name='từ ngày')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='đến ngày')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='geo.adminunit', verbose_name='địa bàn')),
            ],
            options={
                'verbose_name': 'historical địa bàn trọng điểm',
                'verbose_name_plural': 'historical địa bàn trọng điểm',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalRecommendation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('addressee', models.CharField(choices=[('party', 'Cấp ủy'), ('government', 'Chính quyền'), ('both', 'Cấp ủy và chính quyền')], max_length=20, verbose_name='gửi')),
                ('addressee_name', models.CharField(blank=True, max_length=200, verbose_name='cơ quan nhận')),
                ('sent_on', models.DateField(verbose_name='ngày gửi')),
                ('text', models.TextField(verbose_name='nội dung tham mưu, đề xuất')),
                ('answer', models.TextField(blank=True, verbose_name='trả lời')),
                ('answered_on', models.DateField(blank=True, null=True, verbose_name='ngày trả lời')),
                ('status', models.CharField(choices=[('sent', 'Đã gửi, chờ trả lời'), ('answered', 'Đã được trả lời'), ('done', 'Đã được tiếp thu, thực hiện')], default='sent', max_length=20, verbose_name='tình trạng')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='orgs.organization', verbose_name='tổ chức')),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='geo.adminunit', verbose_name='cấp')),
            ],
            options={
                'verbose_name': 'historical tham mưu, đề xuất',
                'verbose_name_plural': 'historical tham mưu, đề xuất',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalSituationNote',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('period', models.CharField(max_length=8, verbose_name='kỳ')),
                ('text', models.TextField(verbose_name='nội dung')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='orgs.organization', verbose_name='tổ chức')),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='geo.adminunit', verbose_name='địa bàn')),
            ],
            options={
                'verbose_name': 'historical tình hình tư tưởng, dư luận',
                'verbose_name_plural': 'historical tình hình tư tưởng, dư luận',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalIncident',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('title', models.CharField(max_length=250, verbose_name='tên vụ việc')),
                ('place', models.CharField(blank=True, max_length=250, verbose_name='địa điểm')),
                ('occurred_on', models.DateField(verbose_name='ngày xảy ra')),
                ('reported_on', models.DateField(verbose_name='ngày nắm được')),
                ('severity', models.CharField(choices=[('ordinary', 'Thông thường'), ('complicated', 'Phức tạp'), ('hot', 'Nóng')], default='ordinary', max_length=20, verbose_name='tính chất')),
                ('status', models.CharField(choices=[('new', 'Mới phát sinh'), ('handling', 'Đang giải quyết'), ('resolved', 'Đã giải quyết xong'), ('referred', 'Đã chuyển cơ quan chức năng'), ('recurring', 'Tái phát')], default='new', max_length=20, verbose_name='tình trạng')),
                ('deadline', models.DateField(blank=True, null=True, verbose_name='hạn giải quyết')),
                ('summary', models.TextField(blank=True, verbose_name='diễn biến ban đầu')),
                ('confidential', models.BooleanField(default=False, verbose_name='mật')),
                ('visible_to', models.CharField(blank=True, max_length=120, verbose_name='vai trò được xem (khi mật)')),
                ('last_update_on', models.DateField(verbose_name='cập nhật gần nhất')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='geo.adminunit', verbose_name='xã, phường')),
                ('category', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='situation.incidentcategory', verbose_name='loại')),
            ],
            options={
                'verbose_name': 'historical vụ việc',
                'verbose_name_plural': 'historical vụ việc',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
