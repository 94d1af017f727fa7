"""Small valid pack texts that tests build on."""

PACK_YAML = """\
id: demo
concept: D1.1
title: Demo pack
domain: 1
"""

CARD = """\
- id: card-one
  kind: card
  source: a page
  front: Front
  back: Back
"""

MCQ = """\
- id: mcq-one
  kind: mcq
  source: a page
  scenario: support-agent
  stem: Which one?
  options:
    - text: This one
      correct: true
      rationale: Because.
    - text: That one
      rationale: Because not.
"""
