"""Named entities (PER, LOC, ORG): a character CRF trained on MSRA, plus policy rules (to come)."""
