"""The teachers' debrief: a report for each student and one for the class, from game logs.

`student` and `classroom` gather what a report says from replayed logs
(`game.logs`), in words made by the narrator; `charts` draws its charts as
SVG; `html` sets everything in the Jinja2 templates under `assets/debrief/`,
escaping every word a log brings.
"""
