"""The scenes of the window: title and menus, scenario choice, the board, overlays, the end."""
