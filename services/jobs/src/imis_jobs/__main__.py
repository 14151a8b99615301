import sys

from imis_jobs.cli import main

sys.exit(main())
