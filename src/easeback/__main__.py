import sys

from easeback.cli import main

sys.exit(main())
