"""The credential rules engine (pure), the record collector and the bulk evaluator."""
