python -m pip install --quiet docker==7.2.0
