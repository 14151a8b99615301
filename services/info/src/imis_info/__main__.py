import sys

from imis_info.cli import main

sys.exit(main())
