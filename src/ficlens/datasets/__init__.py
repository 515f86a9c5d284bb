"""The data sets ficlens trains and is scored on, read in one place for ``training/`` and ``eval/``.

- ``litbank``: LitBank's tokens, nested entities, coreference and quotations, its splits and gold views;
  ``litbank_layout``: the paragraph breaks LitBank's token files lose, recovered from its original texts;
- ``emotions``: GoEmotions and XED's English lines, labels mapped onto ficlens's;
- ``scores``: the scores the benchmarks are reported in (entity P/R/F1, MUC, B-cubed, CEAF-e).

None of them runs the pipeline; nothing here downloads anything.
"""
