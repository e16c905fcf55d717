docker run -i -t --rm debian /bin/bash
