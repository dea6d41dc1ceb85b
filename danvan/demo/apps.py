from django.apps import AppConfig

# What `danvan demo` loads, in order (each loader is safe to run twice).
LOADERS = [
    "danvan.demo.reports.load_demo_reports",
    "danvan.demo.welfare.load_demo_welfare",
    "danvan.demo.fieldwork.load_demo_fieldwork",
    "danvan.demo.today.load_demo_today",
]


class DemoConfig(AppConfig):
    """The demo province and the benchmarks: data made up for trying and measuring danvan,
    kept out of the domain apps. `danvan demo` loads the loaders in order; `danvan bench NAME`
    runs one of the benchmarks."""

    name = "danvan.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu và đo tốc độ"
    benchmarks = [
        "danvan.demo.bench_reporting.Consolidate",
        "danvan.demo.bench_welfare.Dedup",
        "danvan.demo.bench_import.Import",
        "danvan.demo.bench_documents.ReportDocuments",
        "danvan.demo.bench_api.ApiBench",
        "danvan.demo.bench_load.Load",
        "danvan.demo.bench_dashboard.Dashboard",
    ]
