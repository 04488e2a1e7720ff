"""Catalogues shared by every scenario: actions, the Centre's lines, the rules."""
