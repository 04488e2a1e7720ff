"""Front ends of Far from Moscow: the `comintern` command and text mode."""
