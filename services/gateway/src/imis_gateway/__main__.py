import sys

from imis_gateway.cli import main

sys.exit(main())
