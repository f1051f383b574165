"""Reports (数据报表, seed 004 section 7): sales, margins, shoppers, HQ's take and staff work, by time, store,
region, category, product and staff member, read from rollups a Celery job keeps (docs/REPORTS.md)."""
