"""Commands that rebuild the models shipped with policytext (not used at run time)."""
