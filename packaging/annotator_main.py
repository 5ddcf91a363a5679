"""Entry point of the frozen app: the same command line as the installed ``annotator``."""

import multiprocessing
import sys

from annotator.launch import main  # `open` reaches its window without the whole CLI

if __name__ == "__main__":
    multiprocessing.freeze_support()  # spaCy's n_process > 1 starts worker processes
    sys.exit(main())
