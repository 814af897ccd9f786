"""flashpoint: news articles about political crises -> checkable event data.

>>> from flashpoint import Pipeline, RawArticle
>>> result = Pipeline().extract(RawArticle("note.txt", text="...", published="2021-12-07"))
>>> events = Corpus("corpus.duckdb").events(since="2022-02-01", actor="RUS").to_pandas()
"""

from .errors import DateError, FlashpointError, InputError, ModelError, StoreError
from .inputs import RawArticle, iter_inputs, read_path
from .model import Actor, ArticleResult, Claim, ErrorRecord, Event, Place, to_dict

__all__ = [
    "Actor", "ArticleResult", "Claim", "Corpus", "DateError", "ErrorRecord", "Event", "FlashpointError", "InputError",
    "ModelError", "Pipeline", "Place", "RawArticle", "StoreError", "iter_inputs", "read_path", "to_dict",
]
__version__ = "0.1.0"


def __getattr__(name: str):
    # the pipeline imports spaCy: load it only when asked for
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    if name == "Corpus":  # DuckDB and Arrow, only when asked for
        from .corpus import Corpus

        return Corpus
    raise AttributeError(name)
