"""Rule packs: YAML files of rules, their schema, and how they compose into a rule set."""

from cleaner.packs.loader import RuleSet, builtin_pack_paths, load_ruleset

__all__ = ["RuleSet", "builtin_pack_paths", "load_ruleset"]
