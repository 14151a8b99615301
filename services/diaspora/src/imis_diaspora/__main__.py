import sys

from imis_diaspora.cli import main

sys.exit(main())
