"""What pages list: events, rows of tables, cards and the page being rendered, as frozen views for templates
(site/pages.py makes them)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.records import Value
from generator.site.views import CellView, Ref, SourceView


@dataclass(frozen=True)
class Event:
    """A dated step in a policy's life, for timelines."""

    date: str
    iso: str
    policy: Ref
    jurisdiction: Ref
    status: str
    group: str
    note: str
    future: bool
    changed: int = 0  # how many cells it changed (counted only where a page shows it)


@dataclass(frozen=True)
class PageInfo:
    """The page being rendered: its kind, link, absolute URL and the first part of its path."""

    kind: str
    url: str
    canonical: str
    section: str
    navigation: tuple[tuple[str, str, bool], ...]  # (label, link, whether this page is it or lies under it)


@dataclass(frozen=True)
class PolicyRow:
    """A policy as a row of a table of policies."""

    ref: Ref
    title: str
    type: str
    type_id: str
    status: str
    group: str
    jurisdiction: Ref
    first: str  # the date of its first event, as written


@dataclass(frozen=True)
class JurisdictionRow:
    """A jurisdiction as a row of a list or table."""

    ref: Ref
    kind: str
    kind_id: str
    region: str
    region_id: str
    parent: Ref | None
    policies: int  # how many policies it made


@dataclass(frozen=True)
class BriefCard:
    """A brief in a list of briefs."""

    ref: Ref
    summary: str
    date: str
    iso: str
    draft: bool


@dataclass(frozen=True)
class CellRow:
    """A row of a table: a jurisdiction (its row, or side by side just its link) and its cell or cells."""

    jurisdiction: JurisdictionRow | Ref
    cell: CellView | None = None
    cells: tuple[CellView, ...] = ()


@dataclass(frozen=True)
class ProvisionView:
    """A provision as its policy's page lists it."""

    dimension: Ref
    question: str
    value: Value
    css: str
    note: str
    source: SourceView
    pinpoint: str
    start: str
    end: str
    anchor: str  # its id on the page (views.provision_anchor)
    sector_label: str  # "" when it binds both sectors


@dataclass(frozen=True)
class SectorLink:
    """One choice of the sector switch: all sectors, the public or the private sector."""

    label: str
    url: str
    current: bool
