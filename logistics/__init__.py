"""Logistics: regions, freight templates and calculation, carriers and parcel limits, tracking, pickup."""
