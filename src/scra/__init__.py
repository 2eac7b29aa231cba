"""scra: the Smart City Reference Architecture knowledge graph.

>>> import scra
>>> kg = scra.load_kg()          # the whole knowledge graph, offline, as an rdflib.Graph
>>> scra.kg_stats(kg)["standards"] > 50
True
"""

from scra.kg import SCRA, SCRA_ONTOLOGY, kg_modules, kg_stats, load_kg
from scra.validation import validate

__version__ = "0.2.0"
__all__ = ["SCRA", "SCRA_ONTOLOGY", "load_kg", "kg_modules", "kg_stats", "validate", "__version__"]
