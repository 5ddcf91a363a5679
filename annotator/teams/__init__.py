"""Field teams: merging analysts' project files, and how far their labels agree.

Qt-free: the command line uses it now, the workbench's merge and agreement views later.
"""
