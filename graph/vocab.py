"""The closed ``ckg:`` vocabulary and the namespaces the export uses.

A misspelt term raises instead of minting a new IRI:

>>> CKG.Alliance
rdflib.term.URIRef('https://w3id.org/chainkg/ontology#Alliance')
>>> CKG.Aliance  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
AttributeError: term 'Aliance' not in namespace 'https://w3id.org/chainkg/ontology#'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = ["CKG", "ID", "PREFIXES", "CLASSES", "RELATIONS", "DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD"]

ID = Namespace("https://w3id.org/chainkg/id/")


class CKG(DefinedNamespace):
    """Terms of ``https://w3id.org/chainkg/ontology#`` (see ontology/chainkg.ttl)."""

    _fail = True
    _NS = Namespace("https://w3id.org/chainkg/ontology#")

    # classes
    Park: URIRef
    Region: URIRef
    Alliance: URIRef
    IndustrialChain: URIRef
    Firm: URIRef
    PartyOrganization: URIRef
    GovernmentBody: URIRef
    AcademicInstitution: URIRef
    Person: URIRef
    Initiative: URIRef
    Observation: URIRef
    Article: URIRef
    Evidence: URIRef
    Post: URIRef
    Organization: URIRef  # abstract superclass of the organisation classes

    # direct relations
    hasAlliance: URIRef
    onChain: URIRef
    chainOwner: URIRef
    chainOwnerOf: URIRef
    hasMember: URIRef
    partnerOf: URIRef
    supplies: URIRef
    subsidiaryOf: URIRef
    locatedIn: URIRef
    affiliatedWith: URIRef
    chainChiefOf: URIRef
    launched: URIRef
    hasObservation: URIRef

    # entity and provenance properties
    mentionedIn: URIRef
    holdsPost: URIRef
    postIn: URIRef
    title: URIRef
    indicator: URIRef
    value: URIRef
    unit: URIRef
    growthRate: URIRef
    period: URIRef
    quote: URIRef
    charStart: URIRef
    charEnd: URIRef
    rule: URIRef
    encoding: URIRef
    storyIndex: URIRef


PREFIXES = {
    "ckg": str(CKG._NS),
    "id": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "xsd": str(XSD),
    "owl": str(OWL),
}

#: entity classes by local name, as used in records and gold files
CLASSES = (
    "Park", "Region", "Alliance", "IndustrialChain", "Firm", "PartyOrganization",
    "GovernmentBody", "AcademicInstitution", "Person", "Initiative",
)

#: direct relations by local name: these carry Evidence
RELATIONS = (
    "hasAlliance", "onChain", "chainOwner", "chainOwnerOf", "hasMember", "partnerOf",
    "supplies", "subsidiaryOf", "locatedIn", "affiliatedWith", "chainChiefOf", "launched",
    "hasObservation",
)
