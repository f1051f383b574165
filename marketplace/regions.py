"""China's administrative divisions, shipped as data (marketplace/data/regions.csv, official GB/T 2260 codes)."""

import csv
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "regions.csv"


def load_regions(region_model) -> int:
    """Insert every region unless the table already holds them. Takes the model so that migrations can pass
    their historical one. Rows are sorted by code, so parents come before their children."""
    if region_model.objects.exists():
        return 0
    with DATA.open(encoding="utf-8") as rows:
        regions = [
            region_model(
                code=row["code"],
                name=row["name"],
                level=row["level"],
                parent_id=row["parent"] or None,
                latitude=Decimal(row["latitude"]) if row["latitude"] else None,
                longitude=Decimal(row["longitude"]) if row["longitude"] else None,
            )
            for row in csv.DictReader(rows)
        ]
    region_model.objects.bulk_create(regions, batch_size=1000)
    return len(regions)
