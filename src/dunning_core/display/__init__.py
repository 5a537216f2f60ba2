"""
The display layer: values turned into text, HTML and SVG for people, French first.

The computing modules (:mod:`~dunning_core.terms`, :mod:`~dunning_core.interest`,
:mod:`~dunning_core.policy`, :mod:`~dunning_core.machine`, :mod:`~dunning_core.portfolio`) keep
data and a short, evaluable ``repr``; their ``__str__`` and ``_repr_html_`` import this package
lazily (inside the method) and delegate to it. Every sentence comes from the gettext catalogs
(:mod:`dunning_core._i18n`), every number, amount, rate and date from :mod:`dunning_core.format`;
every function takes ``locale=`` (``fr_FR`` by default, ``en_GB`` complete) and never reads the
environment.

One private module per family of values, so that each stays small:

* ``_machine``: cases, actions, verdicts, reasons, notes and missing conditions;
* ``_penalties``: penalty breakdowns (text and HTML tables) and penalty bases in words;
* ``_terms``: payment terms in words;
* ``_describe``: the fields of a value (an event, a step...) as one line, field names and enum
  values from the catalogs (:func:`dunning_core.format.describe`);
* ``_portfolio``: portfolio tables, reports, the SVG charts and their CSS;
* ``_rows``: a portfolio file's malformed rows (:class:`~dunning_core.portfolio_io.RowError`)
  from their data;
* ``_errors``: the library's errors from their data (their kind, their ``code`` and
  ``params``, or their attributes): the lines the CLI prints on standard error.

The layer sits above everything it shows (a test walks the imports); the lower layers reach it
only through an import inside a function, so ``import dunning_core`` does not load it.
"""

from __future__ import annotations

__all__: list[str] = []
