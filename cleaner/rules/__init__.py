"""Rule kinds. One kind per module; this table is the only list of them."""

from cleaner.rules.base import COMMON_PARAMS, Context, Param, Rule
from cleaner.rules.linklist import LinkListRule
from cleaner.rules.offtopic import OfftopicSectionRule
from cleaner.rules.pattern import PatternRule, RuleTimeout
from cleaner.rules.phrases import PhrasesRule
from cleaner.rules.promo import PromoLineRule
from cleaner.rules.section import SectionRule
from cleaner.rules.whitespace import WhitespaceRule

KINDS: dict[str, type[Rule]] = {
    PhrasesRule.KIND: PhrasesRule,
    PatternRule.KIND: PatternRule,
    SectionRule.KIND: SectionRule,
    WhitespaceRule.KIND: WhitespaceRule,
    OfftopicSectionRule.KIND: OfftopicSectionRule,
    PromoLineRule.KIND: PromoLineRule,
    LinkListRule.KIND: LinkListRule,
}

__all__ = ["COMMON_PARAMS", "KINDS", "Context", "Param", "Rule", "RuleTimeout"]
